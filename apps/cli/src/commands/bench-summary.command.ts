import { AppConfig } from '@app/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import { benchSummary } from '../bench/bench-summary';
import { wholeNumber } from '../whole-number';

interface Options {
  enterprises?: number;
  seed?: number;
  repeat?: number;
  json?: boolean;
}

@SubCommand({
  name: 'summary',
  description:
    "GET /tiers/summary (whole register, region and industry prefixes, breakdowns) and the dashboard's requests over HTTP on bench:assess's population",
})
export class BenchSummaryCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: Options): Promise<void> {
    const r = await benchSummary(this.config, {
      enterprises: options.enterprises ?? 100_000,
      seed: options.seed ?? 1,
      repeat: options.repeat ?? 50,
    });
    console.log('\n== bench:summary ==');
    console.log(`register          ${r.enterprises} enterprises, ${r.assessed} with a tier`);
    console.log('request                                             median     p95       max');
    for (const c of [...r.cases, r.dashboard])
      console.log(
        `${c.name.padEnd(52)}${`${c.medianMs} ms`.padEnd(11)}${`${c.p95Ms} ms`.padEnd(10)}${c.maxMs} ms`,
      );
    const worst = Math.max(...r.cases.map((c) => c.medianMs));
    console.log(`slowest median    ${worst} ms (target <= 50 ms at 1M): ${worst <= 50 ? 'met' : 'NOT met'}`);
    console.log(
      `exact             the summary ${r.exact ? 'equals' : 'DIFFERS FROM'} a full count of the register`,
    );
    if (options.json) console.log(JSON.stringify({ ...r, slowestMedianMs: worst }));
  }

  @Option({ flags: '--enterprises <n>', description: "bench:assess's population size (default 100000)" })
  parseEnterprises(value: string): number {
    return wholeNumber(value, '--enterprises', 1, 100_000_000);
  }

  @Option({ flags: '--seed <s>', description: 'population seed (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber(value, '--seed', 1, Number.MAX_SAFE_INTEGER);
  }

  @Option({ flags: '--repeat <n>', description: 'timed requests per case (default 50)' })
  parseRepeat(value: string): number {
    return wholeNumber(value, '--repeat', 1, 100_000);
  }

  @Option({ flags: '--json', description: 'also print the figures as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
