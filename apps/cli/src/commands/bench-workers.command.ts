import { AppConfig } from '@app/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import { benchWorkers } from '../bench/bench-workers';
import { wholeNumber } from '../whole-number';

interface Options {
  enterprises?: number;
  seed?: number;
  workers?: number[];
  concurrency?: number;
  json?: boolean;
}

@SubCommand({
  name: 'workers',
  description:
    'the full re-tier run as the deployment runs it (queued, worker processes), with 1 and with 2 workers: speed-up and where it stops',
})
export class BenchWorkersCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: Options): Promise<void> {
    const figures = await benchWorkers(this.config, {
      enterprises: options.enterprises ?? 100_000,
      seed: options.seed ?? 1,
      workers: options.workers ?? [1, 2],
      concurrency: options.concurrency ?? this.config.workerConcurrency,
    });
    console.log('\n== bench:workers ==');
    console.log(
      'workers  jobs each  run      enterprises/s  speed-up  CPU µs/enterprise (workers + PostgreSQL)  cores busy  load',
    );
    for (const f of figures)
      console.log(
        `${String(f.workers).padEnd(9)}${String(f.concurrency).padEnd(11)}${`${f.seconds} s`.padEnd(9)}` +
          `${String(f.perSecond).padEnd(15)}${String(f.speedup).padEnd(10)}` +
          `${`${f.cpuMicrosPerEnterprise.workers} + ${f.cpuMicrosPerEnterprise.postgres ?? '?'}`.padEnd(42)}` +
          `${String(f.coresBusy ?? '?').padEnd(12)}${f.load.before} → ${f.load.after}`,
      );
    if (options.json) console.log(JSON.stringify({ figures }));
  }

  @Option({ flags: '--enterprises <n>', description: 'population size (default 100000)' })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises', 1, 100_000_000);
  }

  @Option({ flags: '--seed <s>', description: 'population seed (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber(value, '--seed', 1, Number.MAX_SAFE_INTEGER);
  }

  @Option({ flags: '--workers <list>', description: 'worker process counts, comma-separated (default 1,2)' })
  parseWorkers(value: string): number[] {
    return value.split(',').map((v) => wholeNumber(v.trim(), '--workers', 1, 16));
  }

  @Option({
    flags: '--concurrency <n>',
    description: 'jobs each worker runs at once (default WORKER_CONCURRENCY)',
  })
  parseConcurrency(value: string): number {
    return wholeNumber(value, '--concurrency', 1, 16);
  }

  @Option({ flags: '--json', description: 'also print the figures as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
