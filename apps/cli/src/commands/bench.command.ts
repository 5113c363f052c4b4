import { AppConfig } from '@app/config';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { benchIngest } from '../bench/bench-ingest';
import { benchPlan, BenchPlanResult } from '../bench/bench-plan';
import type { CpuSplit } from '../bench/machine';
import { benchAll } from '../bench/bench-all';
import { BENCH_NAMES, BenchName, reportMarkdown } from '../bench/bench-report';
import { BenchAssessCommand } from './bench-assess.command';
import { BenchSimulateCommand } from './bench-simulate.command';
import { BenchLightsCommand } from './bench-lights.command';
import { BenchSummaryCommand } from './bench-summary.command';
import { BenchWorkersCommand } from './bench-workers.command';
import { benchSampling } from '../bench/bench-sampling';
import { wholeNumber } from '../whole-number';

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
    return wholeNumber(value, '--enterprises');
  }

  @Option({ flags: '--seed <s>', description: 'population seed (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber(value, '--seed');
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

interface SamplingOptions {
  enterprises?: number;
  inspectors?: number;
  json?: boolean;
}

@SubCommand({
  name: 'sampling',
  description: 'draw + inspector assignment of a plan on a synthetic pool and roster (pure, no database)',
})
export class BenchSamplingCommand extends CommandRunner {
  async run(_: string[], options: SamplingOptions = {}): Promise<void> {
    const result = benchSampling({
      enterprises: options.enterprises ?? 1_000_000,
      inspectors: options.inspectors ?? 5_000,
      seed: 'bench-sampling',
    });
    console.log('\n== bench:sampling ==');
    console.log(`pool              ${result.enterprises} enterprises`);
    for (const s of result.perTier) console.log(`  tier ${s.tier}           ${s.target} of ${s.poolSize}`);
    console.log(`draw              ${result.selected} selected in ${result.drawMs} ms`);
    console.log(
      `assignment        ${result.assigned} assigned, ${result.unassignable} unassignable, ${result.inspectors} inspectors, in ${result.assignMs} ms`,
    );
    if (options.json) console.log(JSON.stringify(result));
  }

  @Option({ flags: '--enterprises <n>', description: 'pool size (default 1000000)' })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises');
  }

  @Option({ flags: '--inspectors <n>', description: 'roster size (default 5000)' })
  parseInspectors(value: string): number {
    return wholeNumber(value, '--inspectors');
  }

  @Option({ flags: '--json', description: 'also print the figures as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'plan',
  description:
    'draw a 双随机 plan over N tiered enterprises with M inspectors, write and enqueue its tasks; compare with bare addBulk',
})
export class BenchPlanCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(
    _: string[],
    options: { enterprises?: number; inspectors?: number; reuse?: boolean; relays?: number; json?: boolean },
  ): Promise<void> {
    const r = await benchPlan(this.config, {
      enterprises: options.enterprises ?? 100_000,
      inspectors: options.inspectors ?? 5000,
      seed: 'bench-plan-1',
      reuse: options.reuse ?? false,
      relays: options.relays ?? 1,
    });
    printBenchPlan(r);
    if (options.json) console.log(JSON.stringify(r));
  }

  @Option({
    flags: '--enterprises <n>',
    description: 'tiered enterprises (default 100000; the target run is 1000000)',
  })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises');
  }

  @Option({ flags: '--inspectors <n>', description: 'roster size (default 5000)' })
  parseInspectors(value: string): number {
    return wholeNumber(value, '--inspectors');
  }

  @Option({
    flags: '--reuse',
    description:
      'keep the loaded register as a template database (tw_bench_plan_tpl_<n>_<m>) and clone it next time',
  })
  parseReuse(): boolean {
    return true;
  }

  @Option({
    flags: '--relays <n>',
    description: 'outbox relays delivering at once (default 1; each worker process runs one)',
  })
  parseRelays(value: string): number {
    return wholeNumber(value, '--relays', 1, 16);
  }

  @Option({ flags: '--json', description: 'also print the figures as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

/** The figures of a bench:plan run as the command prints them. */
export function printBenchPlan(r: BenchPlanResult): void {
  console.log('\n== bench:plan ==');
  console.log(
    `pool              ${r.pool} enterprises eligible, ${r.tasks} tasks drawn (${r.unassignable} unassignable)`,
  );
  for (const s of r.stages)
    console.log(`  ${s.stage.padEnd(22)} ${s.seconds.toFixed(2)} s  ${s.perSecond}/s`);
  console.log(`plan (API call)   ${r.plan.seconds} s`);
  console.log(
    `enqueue (relay)   ${r.enqueue.jobs} jobs in ${r.enqueue.seconds} s = ${r.enqueue.perSecond} jobs/s (${r.enqueue.relays} relays, batches of ${r.enqueue.batch})`,
  );
  console.log(
    `bare addBulk      ${r.bareAddBulk.perSecond} jobs/s (same jobs, same batches, as many at once)`,
  );
  console.log(
    `ratio             ${r.ratio}x bare addBulk (target >= 0.5): ${r.ratio >= 0.5 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `whole plan        ${r.whole.seconds} s (target <= 15 s): ${r.whole.seconds <= 15 ? 'met' : 'NOT met'}`,
  );
  const split = (c: CpuSplit) =>
    `${c.nodeSeconds} s node` +
    (c.postgresSeconds === undefined ? '' : ` + ${c.postgresSeconds} s PostgreSQL`);
  console.log(`CPU plan call     ${split(r.cpu.plan)}`);
  console.log(`CPU enqueue       ${split(r.cpu.enqueue)} (Redis not counted)`);
  console.log(`CPU bare addBulk  ${r.cpu.bareAddBulk.nodeSeconds} s node (Redis not counted)`);
  const work = r.peakRssByPhaseMb.wholePlan;
  console.log(
    `peak RSS          ${r.peakRssByPhaseMb.planCall} MB by the end of the plan call, ${work} MB by the end of the enqueue ` +
      `(target <= 1024): ${work <= 1024 ? 'met' : 'NOT met'}; ${r.peakRssMb} MB with the bare addBulk reference`,
  );
  console.log(
    `machine           load ${r.machine.loadBefore} -> ${r.machine.loadAfter} on ${r.machine.cores} cores`,
  );
}

@SubCommand({
  name: 'all',
  description:
    'every benchmark at one size, each in a child process; writes bench-results/<date>-<size>.json and .md',
})
export class BenchAllCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(
    _: string[],
    options: { enterprises?: number; lightsEvents?: number; only?: BenchName[]; out?: string },
  ): Promise<void> {
    const { report, files } = await benchAll(this.config, {
      enterprises: options.enterprises ?? 100_000,
      lightsEvents: options.lightsEvents,
      only: options.only,
      outDir: options.out,
    });
    console.log('\n' + reportMarkdown(report));
    console.log(`written: ${files.join(', ')}`);
    if (report.benches.some((b) => !b.ok)) process.exitCode = 1;
  }

  @Option({ flags: '--enterprises <n>', description: 'population size of every benchmark (default 100000)' })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises');
  }

  @Option({
    flags: '--lights-events <n>',
    description: 'investment events of the lights benchmark (default enterprises / 100, at least 1000)',
  })
  parseLightsEvents(value: string): number {
    return wholeNumber(value, '--lights-events', 1, 10_000_000);
  }

  @Option({ flags: '--only <names>', description: `comma-separated subset of ${BENCH_NAMES.join(',')}` })
  parseOnly(value: string): BenchName[] {
    const names = value.split(',').map((v) => v.trim());
    const unknown = names.filter((v) => !(BENCH_NAMES as readonly string[]).includes(v));
    if (unknown.length)
      throw new Error(`--only: unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCH_NAMES.join(', ')}`);
    return names as BenchName[];
  }

  @Option({ flags: '--out <dir>', description: 'directory of the report (default bench-results/)' })
  parseOut(value: string): string {
    return value;
  }
}

@Command({
  name: 'bench',
  description: 'benchmarks (figures in docs/benchmarks.md)',
  subCommands: [
    BenchAllCommand,
    BenchIngestCommand,
    BenchAssessCommand,
    BenchSamplingCommand,
    BenchPlanCommand,
    BenchSimulateCommand,
    BenchLightsCommand,
    BenchWorkersCommand,
    BenchSummaryCommand,
  ],
})
export class BenchCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
