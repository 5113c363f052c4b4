import { DEFAULT_TOKEN_TTL_SECONDS } from '@app/tokens';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;

/**
 * Every environment variable tierwatch reads, with its default. Defaults work against the local
 * PostgreSQL and Redis of a developer machine; production sets them explicitly.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tierwatch';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * Connections the pool keeps open while idle (the rest close after 10 s idle); at most
   * DB_POOL_SIZE. A new PostgreSQL backend maps the shared buffers page by page as it first touches
   * them: a daily run on new connections took twice the database CPU of one on kept ones
   * (docs/operations.md). Unset: DB_POOL_SIZE (every connection is kept).
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  DB_POOL_MIN?: number;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, {
    message: 'must be 1-64 characters of letters, digits, ":", "_" or "-"',
  })
  REDIS_PREFIX = 'tierwatch';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';

  /** The regulatory calendar is Asia/Shanghai; the process clock zone only affects log output. */
  @IsIn(['Asia/Shanghai', 'UTC'])
  TZ = 'Asia/Shanghai';

  /**
   * HS256 secret of the built-in token issuer (development, demo, CLI tokens). Required by the api,
   * the worker and `tierwatch token` whatever NODE_ENV says: there is no built-in value. At least
   * 32 bytes; a value known from examples or old defaults is refused (app-config.ts).
   */
  @IsOptional()
  @IsString()
  AUTH_JWT_SECRET?: string;

  /** An external identity provider's key set (production identity); its tokens are verified with jose. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** The `iss` the identity provider's tokens must carry (required with AUTH_JWKS_URL). */
  @IsOptional()
  @IsString()
  AUTH_JWKS_ISSUER?: string;

  /** The `aud` the identity provider's tokens must carry (required with AUTH_JWKS_URL). */
  @IsOptional()
  @IsString()
  AUTH_JWKS_AUDIENCE?: string;

  /**
   * Where tierwatch finds its claims in the provider's tokens: JSON of claim paths (dots for nesting),
   * e.g. {"roles":"realm_access.roles","regions":"tierwatch_regions"}. Unset keys keep their names:
   * subject "sub", roles "roles", regions "regions", uscc "uscc", inspector "inspector".
   */
  @IsOptional()
  @IsString()
  AUTH_JWKS_CLAIMS?: string;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(60)
  AUTH_TOKEN_TTL_SECONDS = DEFAULT_TOKEN_TTL_SECONDS;

  /** Run pending migrations (under an advisory lock) when api or worker starts. */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /**
   * Bearer token a Prometheus scraper must send to GET /metrics (api and the worker's health port).
   * At least 32 bytes, not a trivial value. Without it /metrics is open outside production and closed
   * in production unless METRICS_PUBLIC says the network binding protects it.
   */
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /** Serve /metrics without a token in production: only where the port is reachable by the scraper alone. */
  @Transform(toBool)
  @IsBoolean()
  METRICS_PUBLIC = false;

  /** Admins may retry, clean and promote jobs in the queue dashboard (/admin/queues); read-only otherwise. */
  @Transform(toBool)
  @IsBoolean()
  QUEUE_DASHBOARD_ALLOW_RETRY = false;

  /**
   * Development and demo only: `POST /api/v1/dev/login` issues built-in tokens for the web console's
   * persona page. The route does not exist unless this is true; refused when NODE_ENV=production.
   */
  @Transform(toBool)
  @IsBoolean()
  AUTH_DEV_LOGIN = false;

  /** Worker's own health/metrics port; 0 disables it (the worker has no other HTTP server). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 0;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 250;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10000)
  OUTBOX_BATCH_SIZE = 2000;

  /** Ingestion bodies up to this size are processed in the request; larger ones become import jobs. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  INGEST_INLINE_MAX_BYTES = 1024 * 1024;

  /** Largest ingestion body accepted at all. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  INGEST_MAX_BYTES = 4 * 1024 * 1024 * 1024;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(100000)
  INGEST_BATCH_SIZE = 5000;

  /** Largest JSON array an ingestion route takes (parsed in memory); NDJSON and CSV stream up to INGEST_MAX_BYTES. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  INGEST_JSON_MAX_BYTES = 64 * 1024 * 1024;

  /** Largest request body of every other route. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** JSON request bodies nested deeper than this (arrays and objects) are refused with 400. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  HTTP_JSON_MAX_DEPTH = 64;

  /**
   * Which peers may set X-Forwarded-For (the client IP that per-IP rate limits count): "false",
   * "true" (anyone: only behind a proxy that overwrites it), a hop count, or addresses/CIDRs and
   * the names loopback, linklocal, uniquelocal, comma-separated.
   */
  @Matches(/^(true|false|\d{1,2}|[A-Za-z0-9.:/]+(,\s*[A-Za-z0-9.:/]+)*)$/, {
    message: 'must be true, false, a hop count, or a comma-separated list of addresses, CIDRs or names',
  })
  TRUST_PROXY = 'loopback';

  /** Rate limits: the window every counter below is counted in. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests per window from one client IP, on every route. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_IP = 1200;

  /** Requests per window from one authenticated principal (token subject), on every route. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_PRINCIPAL = 600;

  /** Requests per window from one client IP to the public routes (/api/v1/public/*). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PUBLIC_PER_IP = 60;

  /** Requests per window from one principal to the self-service routes (/api/v1/me/*). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_SELF_SERVICE_PER_PRINCIPAL = 60;

  /** Failed authentications (401) from one client IP before it is refused (429) until the window ends. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_FAILURES_PER_IP = 10;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS = 900;

  /** Changed enterprises are re-assessed once no new change has arrived for this long (debounce). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  REASSESS_DEBOUNCE_MS = 30_000;

  /** How long the relay waits for Redis before it gives a batch back to the outbox. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(50)
  OUTBOX_ENQUEUE_TIMEOUT_MS = 5000;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  /** Seconds a worker waits for in-flight jobs on SIGTERM before it gives them back to the queue. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  WORKER_SHUTDOWN_GRACE_SECONDS = 30;

  /** Seconds the api has on SIGTERM to finish requests and close; then it exits whatever hangs. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  API_SHUTDOWN_GRACE_SECONDS = 10;

  /** How long a worker's lock on a running job lasts (renewed at half); a killed worker's jobs return after it. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 30_000;

  /** How often a worker looks for stalled jobs (jobs whose worker died) to retry them. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(500)
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /**
   * How often a job may lose its worker (killed, or its lock lost) and still be retried; one more
   * and BullMQ fails it. BullMQ's default of 1 fails a re-tier chunk whose worker died twice.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(1000)
  WORKER_MAX_STALLED_COUNT = 5;

  /** A running re-tier run with no chunk finished for this long is shown as stalled. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1000)
  ASSESSMENT_RUN_STALLED_AFTER_MS = 300_000;

  /** Enterprises per chunk job of a re-tier run (one fact query and one transaction each). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(50_000)
  ASSESSMENT_CHUNK_SIZE = 2000;

  /** When the monthly re-tier of every enterprise runs: a cron pattern in the regulatory time zone. */
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron pattern of 5 or 6 fields' })
  ASSESSMENT_MONTHLY_CRON = '0 2 1 * *';

  /**
   * When the daily incremental re-tier runs (the enterprises whose tier is due to change or whose
   * records changed): a cron pattern in the regulatory time zone. After the monthly run's time, so
   * on the day of the monthly run it finds that run and does nothing.
   */
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron pattern of 5 or 6 fields' })
  ASSESSMENT_DAILY_CRON = '0 3 * * *';
}
