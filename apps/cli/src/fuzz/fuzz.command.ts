import { Role, TokenService } from '@app/auth';
import { AppConfig } from '@app/config';
import { Command, CommandRunner, Option } from 'nest-commander';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dropPrefix, freePort, waitForHealth } from '../local-api';
import { ScratchDatabase } from '../bench/scratch-database';
import { wholeNumber } from '../whole-number';
import { formatReport, runFuzzCampaign } from './fuzz-campaign';
import { prepareWorld } from './fuzz-world';

interface FuzzOptions {
  count?: number;
  seed?: number;
  keep?: boolean;
  json?: boolean;
}

/**
 * `tierwatch fuzz --count N --seed S`: boots the built api (dist) against a scratch database and its
 * own Redis prefix, with a freshly generated AUTH_JWT_SECRET, sends N seeded bad inputs to every
 * write route and prints the answers by status and route, the 5xx and the writes. Exit code 1 when
 * any input got a 5xx (or no answer) or changed a guarded table.
 */
@Command({
  name: 'fuzz',
  description: 'send seeded bad inputs to every write route of a scratch api; count 5xx and writes',
})
export class FuzzCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: FuzzOptions): Promise<void> {
    const count = options.count ?? 2000;
    const seed = options.seed ?? 1;
    const entry = join(__dirname, '../../../api/src/main.js');
    if (!existsSync(entry))
      this.command.error(`no built api at ${entry}: run npm run build (npm run fuzz does)`);
    const scratch = await ScratchDatabase.create(this.config, 'tw_fuzz');
    const secret = randomBytes(32).toString('hex');
    const prefix = `tw-fuzz-${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const api = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: scratch.config.databaseUrl,
        REDIS_URL: this.config.redisUrl,
        REDIS_PREFIX: prefix,
        HOST: '127.0.0.1',
        PORT: String(port),
        AUTH_JWT_SECRET: secret,
        LOG_LEVEL: 'fatal',
        MIGRATIONS_RUN: 'false',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      await waitForHealth(baseUrl, api);
      const token = new TokenService(this.config.with({ AUTH_JWT_SECRET: secret })).issue({
        subject: 'fuzz',
        roles: [Role.Admin],
      });
      const sql = (q: string, params?: unknown[]) =>
        scratch.dataSource.query<Record<string, unknown>[]>(q, params);
      const world = await prepareWorld(baseUrl, token, sql);
      const started = Date.now();
      const report = await runFuzzCampaign({
        baseUrl,
        token,
        sql,
        world,
        seed,
        count,
        onProgress: (done) => {
          if (done % 500 === 0) console.error(`  ${done}/${count} …`);
        },
      });
      for (const line of formatReport(report)) console.log(line);
      console.log(
        `${((Date.now() - started) / 1000).toFixed(1)} s against ${baseUrl} (database ${scratch.name})`,
      );
      if (options.json) console.log(JSON.stringify(report));
      const writes = report.partialWrites.length + report.acceptedWrites.length;
      if (report.serverErrors.length > 0 || writes > 0) process.exitCode = 1;
    } finally {
      api.kill('SIGTERM');
      await new Promise((resolve) => (api.exitCode === null ? api.once('exit', resolve) : resolve(null)));
      await dropPrefix(this.config.redisUrl, prefix);
      if (options.keep) console.log(`kept database ${scratch.name}`);
      else await scratch.drop();
    }
  }

  @Option({ flags: '--count <n>', description: 'how many bad inputs (default 2000)' })
  parseCount(value: string): number {
    return wholeNumber(value, '--count');
  }

  @Option({ flags: '--seed <s>', description: 'the campaign seed (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber(value, '--seed', 0, 0xffffffff);
  }

  @Option({ flags: '--keep', description: 'keep the scratch database' })
  parseKeep(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'also print the whole report as JSON' })
  parseJson(): boolean {
    return true;
  }
}
