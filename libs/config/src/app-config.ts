import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables, LogLevelName, LOG_LEVELS } from './env.schema';

/** Used only when NODE_ENV is not production, so a developer machine works with no setup. */
const DEVELOPMENT_JWT_SECRET = 'tierwatch-development-only-secret-not-for-production';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid environment configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** The validated configuration. `process.env` is read here and nowhere else. */
export class AppConfig {
  private constructor(private readonly env: EnvironmentVariables) {}

  static load(source: Record<string, string | undefined> = process.env): AppConfig {
    const known = Object.keys(new EnvironmentVariables());
    const raw: Record<string, string> = {};
    for (const key of [...known, 'AUTH_JWT_SECRET']) {
      const value = source[key];
      if (value !== undefined && value !== '') raw[key] = value;
    }
    const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false });
    const problems = errors.map((e) => ({
      variable: e.property,
      message: `${Object.values(e.constraints ?? {})
        .map((m) => m.replace(new RegExp(`^${e.property}\\s*`), ''))
        .join('; ')} (got ${JSON.stringify(raw[e.property] ?? null)})`,
    }));
    if (env.NODE_ENV === 'production' && !env.AUTH_JWT_SECRET) {
      problems.push({ variable: 'AUTH_JWT_SECRET', message: 'is required when NODE_ENV=production' });
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return new AppConfig(env);
  }

  /** A copy with some variables replaced; used by tests and the CLI to point at another database. */
  with(overrides: Partial<Record<keyof EnvironmentVariables, string | number | boolean>>): AppConfig {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...this.env, ...overrides })) {
      if (v !== undefined && v !== null) merged[k] = String(v);
    }
    return AppConfig.load(merged);
  }

  get nodeEnv() {
    return this.env.NODE_ENV;
  }
  get isProduction() {
    return this.env.NODE_ENV === 'production';
  }
  get databaseUrl() {
    return this.env.DATABASE_URL;
  }
  get dbPoolSize() {
    return this.env.DB_POOL_SIZE;
  }
  get redisUrl() {
    return this.env.REDIS_URL;
  }
  get redisPrefix() {
    return this.env.REDIS_PREFIX;
  }
  get port() {
    return this.env.PORT;
  }
  get host() {
    return this.env.HOST;
  }
  get logLevel(): LogLevelName {
    return this.env.LOG_LEVEL;
  }
  /** Nest's logger takes the list of enabled levels, most severe first. */
  get logLevels(): LogLevelName[] {
    return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(this.env.LOG_LEVEL) + 1);
  }
  get timeZone() {
    return this.env.TZ;
  }
  get jwtSecret() {
    return this.env.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  }
  get tokenTtlSeconds() {
    return this.env.AUTH_TOKEN_TTL_SECONDS;
  }
  get migrationsRun() {
    return this.env.MIGRATIONS_RUN;
  }
  get workerHealthPort() {
    return this.env.WORKER_HEALTH_PORT;
  }
  get outboxPollMs() {
    return this.env.OUTBOX_POLL_MS;
  }
  get outboxBatchSize() {
    return this.env.OUTBOX_BATCH_SIZE;
  }
  get ingestInlineMaxBytes() {
    return this.env.INGEST_INLINE_MAX_BYTES;
  }
  get ingestMaxBytes() {
    return this.env.INGEST_MAX_BYTES;
  }
  get ingestBatchSize() {
    return this.env.INGEST_BATCH_SIZE;
  }
  get reassessDebounceMs() {
    return this.env.REASSESS_DEBOUNCE_MS;
  }
  get outboxEnqueueTimeoutMs() {
    return this.env.OUTBOX_ENQUEUE_TIMEOUT_MS;
  }
  get workerConcurrency() {
    return this.env.WORKER_CONCURRENCY;
  }
  get workerShutdownGraceMs() {
    return this.env.WORKER_SHUTDOWN_GRACE_SECONDS * 1000;
  }
  get apiShutdownGraceMs() {
    return this.env.API_SHUTDOWN_GRACE_SECONDS * 1000;
  }
  get workerLockDurationMs() {
    return this.env.WORKER_LOCK_DURATION_MS;
  }
  get workerStalledIntervalMs() {
    return this.env.WORKER_STALLED_INTERVAL_MS;
  }
  get workerMaxStalledCount() {
    return this.env.WORKER_MAX_STALLED_COUNT;
  }
  get assessmentRunStalledAfterMs() {
    return this.env.ASSESSMENT_RUN_STALLED_AFTER_MS;
  }
  get assessmentChunkSize() {
    return this.env.ASSESSMENT_CHUNK_SIZE;
  }
  get assessmentMonthlyCron() {
    return this.env.ASSESSMENT_MONTHLY_CRON;
  }
}
