import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { jwtSecretProblems as secretProblems, MISSING_JWT_SECRET } from '@app/tokens';
import { EnvironmentVariables, LogLevelName, LOG_LEVELS } from './env.schema';

/** Variables without a default (optional in the schema), read from the environment too. */
const OPTIONAL_VARIABLES = [
  'DB_POOL_MIN',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_JWKS_ISSUER',
  'AUTH_JWKS_AUDIENCE',
  'AUTH_JWKS_CLAIMS',
  'METRICS_TOKEN',
];

const CLAIM_KEYS = ['subject', 'roles', 'regions', 'uscc', 'inspector'] as const;
export type ClaimKey = (typeof CLAIM_KEYS)[number];
const DEFAULT_CLAIMS: Record<ClaimKey, string> = {
  subject: 'sub',
  roles: 'roles',
  regions: 'regions',
  uscc: 'uscc',
  inspector: 'inspector',
};

/** The external identity provider, when AUTH_JWKS_URL is set. */
export interface JwksSettings {
  url: string;
  issuer: string;
  audience: string;
  claims: Record<ClaimKey, string>;
}

/** Request budgets per window (AppConfig.rateLimits); see the RATE_LIMIT_* variables. */
export interface RateLimitSettings {
  windowMs: number;
  perIp: number;
  perPrincipal: number;
  publicPerIp: number;
  selfServicePerPrincipal: number;
  authFailuresPerIp: number;
  authFailureWindowMs: number;
}

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
    for (const key of [...known, ...OPTIONAL_VARIABLES]) {
      const value = source[key];
      if (value !== undefined && value !== '') raw[key] = value;
    }
    const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false });
    const problems = errors.map((e) => ({
      variable: e.property,
      message: `${Object.values(e.constraints ?? {})
        .map((m) => m.replace(new RegExp(`^${e.property}\\s*`), ''))
        .join('; ')} (got ${JSON.stringify(shown(e.property, raw[e.property]))})`,
    }));
    problems.push(...secretProblems(env.AUTH_JWT_SECRET), ...jwksProblems(env), ...metricsTokenProblems(env));
    if (env.AUTH_DEV_LOGIN && env.NODE_ENV === 'production')
      problems.push({
        variable: 'AUTH_DEV_LOGIN',
        message: 'the development sign-in cannot be enabled when NODE_ENV=production',
      });
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
  /** Connections kept open while idle: DB_POOL_MIN, at most the pool's size (unset: all of them). */
  get dbPoolMin() {
    return Math.min(this.env.DB_POOL_MIN ?? this.env.DB_POOL_SIZE, this.env.DB_POOL_SIZE);
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
  /**
   * The built-in issuer's secret. There is no default: api, worker and `tierwatch token` ask for it
   * at start and stop with this message when it is missing.
   */
  get jwtSecret(): string {
    const secret = this.env.AUTH_JWT_SECRET;
    if (!secret) {
      throw new ConfigError([
        {
          variable: 'AUTH_JWT_SECRET',
          message: MISSING_JWT_SECRET,
        },
      ]);
    }
    return secret;
  }
  /** api and worker call this at start: no process of tierwatch runs without a real secret. */
  requireJwtSecret(): void {
    void this.jwtSecret;
  }
  /** The external identity provider, or null when only the built-in issuer is used. */
  get jwks(): JwksSettings | null {
    const { AUTH_JWKS_URL: url, AUTH_JWKS_ISSUER: issuer, AUTH_JWKS_AUDIENCE: audience } = this.env;
    if (!url || !issuer || !audience) return null;
    return {
      url,
      issuer,
      audience,
      claims: { ...DEFAULT_CLAIMS, ...parseClaims(this.env.AUTH_JWKS_CLAIMS) },
    };
  }
  get tokenTtlSeconds() {
    return this.env.AUTH_TOKEN_TTL_SECONDS;
  }
  /** The console's development sign-in route (`POST /api/v1/dev/login`); never in production. */
  get authDevLogin(): boolean {
    return this.env.AUTH_DEV_LOGIN;
  }
  get migrationsRun() {
    return this.env.MIGRATIONS_RUN;
  }
  /**
   * Who may read GET /metrics: callers with the token, anyone (outside production, or METRICS_PUBLIC
   * in production), or no one (production without either).
   */
  get metricsAccess(): { token: string } | 'open' | 'closed' {
    if (this.env.METRICS_TOKEN) return { token: this.env.METRICS_TOKEN };
    return this.isProduction && !this.env.METRICS_PUBLIC ? 'closed' : 'open';
  }
  get queueDashboardAllowRetry() {
    return this.env.QUEUE_DASHBOARD_ALLOW_RETRY;
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
  get ingestJsonMaxBytes() {
    return this.env.INGEST_JSON_MAX_BYTES;
  }
  get httpBodyLimitBytes() {
    return this.env.HTTP_BODY_LIMIT_BYTES;
  }
  get httpJsonMaxDepth() {
    return this.env.HTTP_JSON_MAX_DEPTH;
  }
  /** Fastify's trustProxy: a boolean, a hop count, or a list of addresses, CIDRs and proxy-addr names. */
  get trustProxy(): boolean | number | string[] {
    const value = this.env.TRUST_PROXY.trim();
    if (value === 'true' || value === 'false') return value === 'true';
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(',').map((s) => s.trim());
  }
  get rateLimits(): RateLimitSettings {
    return {
      windowMs: this.env.RATE_LIMIT_WINDOW_SECONDS * 1000,
      perIp: this.env.RATE_LIMIT_PER_IP,
      perPrincipal: this.env.RATE_LIMIT_PER_PRINCIPAL,
      publicPerIp: this.env.RATE_LIMIT_PUBLIC_PER_IP,
      selfServicePerPrincipal: this.env.RATE_LIMIT_SELF_SERVICE_PER_PRINCIPAL,
      authFailuresPerIp: this.env.RATE_LIMIT_AUTH_FAILURES_PER_IP,
      authFailureWindowMs: this.env.RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS * 1000,
    };
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

  get assessmentDailyCron() {
    return this.env.ASSESSMENT_DAILY_CRON;
  }
}

/** A rejected value as the error may show it: secrets never, a URL without its password. */
function shown(variable: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (/SECRET|TOKEN|PASSWORD|KEY/.test(variable)) return '(hidden)';
  return value.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}

function jwksProblems(env: EnvironmentVariables): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  if (env.AUTH_JWKS_URL && env.NODE_ENV === 'production' && !env.AUTH_JWKS_URL.startsWith('https://')) {
    problems.push({
      variable: 'AUTH_JWKS_URL',
      message: 'must be an https:// URL in production (keys fetched in clear can be swapped)',
    });
  }
  if (env.AUTH_JWKS_URL) {
    if (!env.AUTH_JWKS_ISSUER)
      problems.push({ variable: 'AUTH_JWKS_ISSUER', message: 'is required with AUTH_JWKS_URL' });
    if (!env.AUTH_JWKS_AUDIENCE)
      problems.push({ variable: 'AUTH_JWKS_AUDIENCE', message: 'is required with AUTH_JWKS_URL' });
  }
  try {
    parseClaims(env.AUTH_JWKS_CLAIMS);
  } catch (error) {
    problems.push({ variable: 'AUTH_JWKS_CLAIMS', message: (error as Error).message });
  }
  return problems;
}

function parseClaims(text: string | undefined): Partial<Record<ClaimKey, string>> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('must be a JSON object of claim paths');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('must be a JSON object of claim paths');
  const out: Partial<Record<ClaimKey, string>> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(CLAIM_KEYS as readonly string[]).includes(k))
      throw new Error(`unknown key "${k}"; keys: ${CLAIM_KEYS.join(', ')}`);
    if (typeof v !== 'string' || !/^[A-Za-z0-9_:./-]{1,200}$/.test(v))
      throw new Error(`"${k}" must be a claim name or dotted path`);
    out[k as ClaimKey] = v;
  }
  return out;
}

/** The scrape token: as long and as random as a signing secret (it opens every operational figure). */
function metricsTokenProblems(env: EnvironmentVariables): { variable: string; message: string }[] {
  const token = env.METRICS_TOKEN;
  if (token === undefined) return [];
  if (Buffer.byteLength(token, 'utf8') < 32 || new Set(token.trim().toLowerCase()).size < 4) {
    return [
      {
        variable: 'METRICS_TOKEN',
        message: 'must be at least 32 bytes and not trivial (e.g. `openssl rand -hex 32`)',
      },
    ];
  }
  return [];
}
