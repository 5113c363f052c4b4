import { AppConfig } from '@app/config';
import { dataSourceOptions } from '@app/persistence';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADMIN_DATABASE_URL, databaseUrl, TEST_REDIS_URL } from './services';

/**
 * One test file's private world: its own database cloned from the migrated template and its own
 * Redis key prefix, both removed by `dispose()`. Files can run in parallel and in any order.
 */
export class TestEnv {
  private dataSources: DataSource[] = [];

  private constructor(
    readonly databaseName: string,
    readonly redisPrefix: string,
    readonly config: AppConfig,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<TestEnv> {
    const template = process.env.TIERWATCH_TEST_TEMPLATE;
    if (!template)
      throw new Error('TIERWATCH_TEST_TEMPLATE is not set: run tests through jest (global setup)');
    const id = randomBytes(4).toString('hex');
    const databaseName = `${template.replace('tw_tpl_', 'tw_t_')}_${id}`;
    await withAdmin(async (admin) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${databaseName} TEMPLATE ${template}`);
          return;
        } catch (error) {
          // Another file is cloning the same template at this instant; try again shortly.
          if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
          await sleep(100 + Math.random() * 200);
        }
      }
    });
    const redisPrefix = `tw-test-${id}`;
    const config = AppConfig.load({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      OUTBOX_POLL_MS: '50',
      DB_POOL_SIZE: '5',
      PORT: '0',
      // No built-in secret exists: every test world signs with its own.
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      ...overrides,
    });
    return new TestEnv(databaseName, redisPrefix, config);
  }

  /** A DataSource on this file's database, closed by dispose(). */
  async dataSource(): Promise<DataSource> {
    const ds = await new DataSource({
      ...dataSourceOptions(this.config, 'tierwatch-test'),
      logging: false,
    }).initialize();
    this.dataSources.push(ds);
    return ds;
  }

  /**
   * The environment of a built app (dist) started as a child process in this test world: its
   * database, Redis prefix and secret, no migrations (the template has them), quiet logs.
   */
  childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: this.config.databaseUrl,
      REDIS_URL: this.config.redisUrl,
      REDIS_PREFIX: this.config.redisPrefix,
      AUTH_JWT_SECRET: this.config.jwtSecret,
      LOG_LEVEL: 'error',
      MIGRATIONS_RUN: 'false',
      ...extra,
    };
  }

  redis(): IORedis {
    return new IORedis(this.config.redisUrl, { maxRetriesPerRequest: null });
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.dataSources.filter((d) => d.isInitialized).map((d) => d.destroy()));
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`));
    const redis = this.redis();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `condition not met in ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    await sleep(50);
  }
}
