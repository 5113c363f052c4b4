import { shanghaiDateOf } from '@app/domain';
import { AppConfig } from '@app/config';
import { generateEnterprises, generateRecords, IngestService, IngestSummary } from '@app/ingestion';
import { migrateWithLock } from '@app/persistence';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DemoSeed } from '../demo-seed';
import { loadGenerated } from '../load-generated';
import { wholeNumber } from '../whole-number';

interface SeedOptions {
  demo?: boolean;
  enterprises?: number;
  seed?: number;
  asOf?: string;
}

@Command({
  name: 'seed',
  description:
    'load seed data: --demo (the demo stories) or --enterprises N [--seed S] (a synthetic population)',
})
export class SeedCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly demo: DemoSeed,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async run(_: string[], options: SeedOptions): Promise<void> {
    if (!options.demo && options.enterprises === undefined)
      this.command.error('say what to seed: --demo or --enterprises N');
    await migrateWithLock(this.dataSource);
    if (options.demo) {
      const { enterprises, records } = await this.demo.load();
      for (const [what, s] of [
        ['enterprises', enterprises],
        ['records', records],
      ] as const) {
        console.log(`demo ${what}: ${s.accepted} new, ${s.updated} updated, ${s.unchanged} unchanged`);
      }
    }
    if (options.enterprises !== undefined) {
      const population = {
        enterprises: options.enterprises,
        seed: options.seed ?? 1,
        asOf: options.asOf ?? shanghaiDateOf(new Date(Date.now() - 86_400_000)),
      };
      console.log(
        `synthetic population: ${population.enterprises} enterprises, seed ${population.seed}, records up to ${population.asOf}`,
      );
      await this.load('enterprises', generateEnterprises(population), population.enterprises);
      // About ten records an enterprise; the bar's total is that estimate.
      await this.load('records', generateRecords(population), population.enterprises * 10);
    }
  }

  private async load(
    target: 'enterprises' | 'records',
    rows: Iterable<Record<string, unknown>>,
    expected: number,
  ): Promise<IngestSummary> {
    const { summary, seconds } = await loadGenerated(this.ingest, target, rows, expected, {
      actor: 'seed:synthetic',
      batchSize: this.config.ingestBatchSize,
    });
    console.log(
      `${target}: ${summary.rows} rows in ${seconds.toFixed(1)} s (${Math.round(summary.rows / seconds)}/s), ` +
        `${summary.accepted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
    );
    for (const r of summary.rejectedRows) console.log(`  rejected row ${r.row} ${r.path}: ${r.message}`);
    return summary;
  }

  @Option({ flags: '--demo', description: 'the demo stories from seeds/demo (idempotent)' })
  parseDemo(): boolean {
    return true;
  }

  @Option({
    flags: '--enterprises <n>',
    description: 'generate a synthetic population of N enterprises (~10 records each)',
  })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises');
  }

  @Option({
    flags: '--seed <s>',
    description: 'random seed: the same seed gives the same population (default 1)',
  })
  parseSeed(value: string): number {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error('--seed must be a whole number');
    return n;
  }

  @Option({
    flags: '--as-of <date>',
    description: 'no record after this date, YYYY-MM-DD (default: yesterday)',
  })
  parseAsOf(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('--as-of must be YYYY-MM-DD');
    return value;
  }
}
