import { AppConfig } from '@app/config';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { benchIngest } from '../bench/bench-ingest';

interface Options {
  enterprises: number;
  seed: number;
  keep?: boolean;
  json?: boolean;
}

@SubCommand({
  name: 'ingest',
  description: 'ingest a generated population through the real path; compare with bare COPY',
})
export class BenchIngestCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: Options): Promise<void> {
    const result = await benchIngest(this.config, {
      enterprises: options.enterprises ?? 100_000,
      seed: options.seed ?? 1,
      keep: options.keep ?? false,
    });
    console.log('\n== bench:ingest ==');
    console.log(`enterprises       ${result.enterprises.rows} rows, ${result.enterprises.perSecond} rows/s`);
    console.log(
      `records           ${result.records.rows} rows, ${result.records.perSecond} records/s (${result.records.accepted} stored, ${result.records.rejected} rejected)`,
    );
    const cpu = result.records.cpuMicrosPerRecord;
    console.log(
      `CPU per record    ${cpu.node} µs node (all threads)` +
        (cpu.postgres === undefined ? '' : `, ${cpu.postgres} µs PostgreSQL backends`),
    );
    const m = result.records.machine;
    console.log(
      `machine           load ${m.loadBefore} → ${m.loadAfter} on ${m.cores} cores` +
        (m.coresUsed === undefined ? '' : `; the ingest kept ${m.coresUsed} of them busy`),
    );
    console.log(
      `bare COPY         ${result.sameShapeCopy.perSecond} rows/s (same records, same-shape tables: keys and indexes)`,
    );
    console.log(
      `bare COPY         ${result.bareCopy.perSecond} rows/s (same records, unindexed scratch table)`,
    );
    console.log(`ratio             ${result.ratio}x same-shape bare COPY (target >= 0.6)`);
    console.log(`ratio             ${result.ratioUnindexed}x unindexed bare COPY`);
    console.log(
      `absolute target   ${result.records.perSecond >= 40_000 ? 'met' : 'NOT met'} (>= 40000 records/s)`,
    );
    console.log(`peak RSS          ${result.peakRssMb} MB (target <= 512)`);
    if (options.json) console.log(JSON.stringify(result));
  }

  @Option({
    flags: '--enterprises <n>',
    description: 'population size (default 100000; the target run is 1000000)',
  })
  parseEnterprises(value: string): number {
    return positive(value, '--enterprises');
  }

  @Option({ flags: '--seed <s>', description: 'population seed (default 1)' })
  parseSeed(value: string): number {
    return positive(value, '--seed');
  }

  @Option({ flags: '--keep', description: 'keep the scratch database' })
  parseKeep(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'also print the figures as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'bench',
  description: 'benchmarks (figures in docs/benchmarks.md)',
  subCommands: [BenchIngestCommand],
})
export class BenchCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number`);
  return n;
}
