import { performance } from 'node:perf_hooks';
import { AssessmentRunService, RunScope } from '@app/assessment';
import { migrateWithLock } from '@app/persistence';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Progress } from '../progress';
import { StageTotals } from '../stage-totals';
import { wholeNumber } from '../whole-number';

interface AssessOptions {
  asOf?: string;
  region?: string;
  industry?: string;
  chunkSize?: number;
  concurrency?: number;
}

@Command({
  name: 'assess',
  description:
    're-tier every enterprise (or a region or industry prefix) as a re-tier run executed in this process, with the tiering version in force on the as-of date',
})
export class AssessCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: AssessmentRunService,
  ) {
    super();
  }

  async run(_: string[], options: AssessOptions): Promise<void> {
    await migrateWithLock(this.dataSource);
    const scope: RunScope = options.region
      ? { type: 'region', prefix: options.region }
      : options.industry
        ? { type: 'industry', prefix: options.industry }
        : { type: 'all' };
    const created = await this.runs.create(
      { scope, asOf: options.asOf, trigger: 'manual', requestedBy: 'cli', chunkSize: options.chunkSize },
      'inline',
    );
    const planned = await this.runs.plan(created.id);
    const { progress: p0 } = await this.runs.get(created.id);
    console.log(
      `run ${created.id}: ${p0.total} enterprise(s) in ${planned.pending.length} chunk(s), as of ${created.asOf}, ` +
        `tiering ${created.ruleSet.version}`,
    );
    const bar = new Progress('assess', p0.total ?? 0);
    const stages = new StageTotals();
    // The due log is pruned after the run's time is taken (as the worker's finish job does it: after
    // the run has closed), and timed on its own.
    const run = await this.runs.runInline(created.id, {
      concurrency: options.concurrency,
      pruneDueLog: false,
      onChunk: (outcome) => {
        stages.add(outcome);
        bar.update(stages.done);
      },
    });
    bar.stop();
    const { assessed, failed } = run.progress;
    const share = (n: number) => `${((n / Math.max(assessed, 1)) * 100).toFixed(1)}%`;
    console.log(
      `${run.status}: ${assessed} assessed in ${bar.seconds().toFixed(1)} s (${run.progress.ratePerSecond ?? 0}/s): ` +
        `${Object.entries(run.tiers)
          .sort()
          .map(([t, n]) => `${t} ${n} (${share(n)})`)
          .join(', ')}; ${failed} failed; ${run.tierChanges.changed} changed tier`,
    );
    const rates = stages.rates();
    console.log(
      `stages (time summed over chunks in flight): derive facts ${rates.deriveFacts}/s, ` +
        `evaluate ${rates.evaluate}/s, write assessments ${rates.writeAssessments}/s`,
    );
    if (run.status !== 'cancelled') {
      const t0 = performance.now();
      await this.runs.pruneQuietly(run);
      console.log(`due log pruned after the run in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (failed > 0 || run.status !== 'completed') process.exitCode = 2;
  }

  @Option({
    flags: '--as-of <date>',
    description: 'the regulatory date, YYYY-MM-DD (default: today, Asia/Shanghai)',
  })
  parseAsOf(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('--as-of must be YYYY-MM-DD');
    return value;
  }

  @Option({
    flags: '--region <prefix>',
    description: 'only enterprises whose division code starts with this',
  })
  parseRegion(value: string): string {
    if (!/^\d{1,6}$/.test(value)) throw new Error('--region must be 1-6 digits');
    return value;
  }

  @Option({
    flags: '--industry <prefix>',
    description: 'only enterprises whose GB/T 4754 industry code starts with this',
  })
  parseIndustry(value: string): string {
    if (!/^([A-T]\d{0,4}|\d{1,4})$/.test(value)) throw new Error('--industry must be a GB/T 4754 prefix');
    return value;
  }

  @Option({
    flags: '--chunk-size <n>',
    description:
      'enterprises per chunk (one fact query and one transaction each; default ASSESSMENT_CHUNK_SIZE)',
  })
  parseChunkSize(value: string): number {
    return wholeNumber(value, '--chunk-size', 1, 50_000);
  }

  @Option({
    flags: '--concurrency <n>',
    description: 'chunks in flight at once (default WORKER_CONCURRENCY, 4)',
  })
  parseConcurrency(value: string): number {
    return wholeNumber(value, '--concurrency', 1, 16);
  }
}
