import { AppConfig } from '@app/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import { benchLights } from '../bench/bench-lights';
import { wholeNumber } from '../whole-number';

interface Options {
  events?: number;
  chunk?: number;
  json?: boolean;
}

@SubCommand({
  name: 'lights',
  description: 'investment lights for N generated events through the real path, in a scratch database',
})
export class BenchLightsCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: Options): Promise<void> {
    const r = await benchLights(this.config, {
      events: options.events ?? 100_000,
      chunk: options.chunk ?? 10_000,
    });
    console.log('\n== bench:lights ==');
    console.log(`events            ${r.events} over ${r.enterprises} enterprises (chains of four)`);
    console.log(
      `lights            ${r.seconds} s, ${r.perSecond} events/s (validate, store, group, evaluate, warn, audit)`,
    );
    console.log(
      `result            ${Object.entries(r.lights)
        .map(([l, n]) => `${l} ${n}`)
        .join(', ')}; ${r.warnings} warnings`,
    );
    if (options.json) console.log(JSON.stringify(r));
  }

  @Option({ flags: '--events <n>', description: 'events (default 100000)' })
  parseEvents(value: string): number {
    return wholeNumber(value, '--events', 1, 10_000_000);
  }

  @Option({
    flags: '--chunk <n>',
    description: 'rows per request-sized chunk (default 10000, at most 20000)',
  })
  parseChunk(value: string): number {
    return wholeNumber(value, '--chunk', 1, 20_000);
  }

  @Option({ flags: '--json', description: 'also print the result as JSON' })
  parseJson(): boolean {
    return true;
  }
}
