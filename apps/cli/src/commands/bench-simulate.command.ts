import { AppConfig } from '@app/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import { benchSimulate } from '../bench/bench-simulate';
import { wholeNumber } from '../whole-number';

interface Options {
  enterprises?: number;
  seed?: number;
  concurrency?: number;
  chunkSize?: number;
  reuse?: boolean;
  json?: boolean;
}

@SubCommand({
  name: 'simulate',
  description:
    'simulate a stricter tiering draft on a generated population and compare with a real re-tier run of it',
})
export class BenchSimulateCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: Options): Promise<void> {
    const r = await benchSimulate(this.config, {
      enterprises: options.enterprises ?? 100_000,
      seed: options.seed ?? 1,
      concurrency: options.concurrency ?? this.config.workerConcurrency,
      chunkSize: options.chunkSize ?? this.config.assessmentChunkSize,
      reuse: options.reuse ?? false,
    });
    console.log('\n== bench:simulate ==');
    console.log(`population        ${r.enterprises} enterprises`);
    console.log(
      `re-tier run       ${r.retier.seconds} s, ${r.retier.perSecond} enterprises/s (derive, evaluate, write)`,
    );
    console.log(
      `re-tier stages    derive facts ${r.retier.stages.deriveFacts}/s, evaluate ${r.retier.stages.evaluate}/s, ` +
        `write assessments ${r.retier.stages.writeAssessments}/s`,
    );
    console.log(
      `simulation        ${r.simulation.seconds} s, ${r.simulation.perSecond} enterprises/s ` +
        `(${r.simulation.chunks} chunks; draft ${r.simulation.draft} against ${r.simulation.against}: ${r.simulation.changed} change tier)`,
    );
    console.log(
      `stages            derive facts ${r.simulation.stages.deriveFacts}/s, compare ${r.simulation.stages.compare}/s, ` +
        `write tally and changes ${r.simulation.stages.writeTally}/s (enterprises per second of each stage's own time)`,
    );
    console.log(
      `ratio             ${r.ratio}x the re-tier run — target <= 2: ${r.ratio <= 2 ? 'met' : 'NOT met'}`,
    );
    console.log(`assessments       ${r.assessmentsWritten} written by the simulation (must be 0)`);
    console.log(
      `matrix            ${Object.entries(r.matrix)
        .map(([from, row]) =>
          Object.entries(row)
            .filter(([, n]) => n > 0)
            .map(([to, n]) => `${from}→${to} ${n}`)
            .join(', '),
        )
        .filter(Boolean)
        .join('; ')}`,
    );
    console.log(`peak RSS          ${r.peakRssMb} MB during the simulation`);
    console.log(
      `machine           load ${r.machine.loadBefore} → ${r.machine.loadAfter} on ${r.machine.cores} cores`,
    );
    if (options.json) console.log(JSON.stringify(r));
  }

  @Option({
    flags: '--enterprises <n>',
    description: 'population size (default 100000; the target run is 1000000)',
  })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises', 1, 100_000_000);
  }

  @Option({ flags: '--seed <s>', description: 'population seed (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber(value, '--seed', 1, Number.MAX_SAFE_INTEGER);
  }

  @Option({ flags: '--concurrency <n>', description: 'chunks in flight (default WORKER_CONCURRENCY)' })
  parseConcurrency(value: string): number {
    return wholeNumber(value, '--concurrency', 1, 16);
  }

  @Option({ flags: '--chunk-size <n>', description: 'enterprises per chunk (default ASSESSMENT_CHUNK_SIZE)' })
  parseChunkSize(value: string): number {
    return wholeNumber(value, '--chunk-size', 1, 50_000);
  }

  @Option({
    flags: '--reuse',
    description: "reuse bench:assess's populated database (tw_bench_assess_<n>_<seed>)",
  })
  parseReuse(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'also print the figures as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
