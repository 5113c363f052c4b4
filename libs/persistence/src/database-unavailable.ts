import { DomainError, ErrorCode } from '@app/domain';

/** What a client is told to wait before it tries again while PostgreSQL is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs of a server going away or refusing connections: admin shutdown, crash shutdown,
 * cannot connect now (starting up / shutting down), and the connection exception class.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i, // pg: the server closed the socket (also "… due to connection timeout")
  /timeout exceeded when trying to connect/i, // pg-pool: no connection within connectionTimeoutMillis
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** Whether an error (or what it wraps: TypeORM's driverError, a cause) says PostgreSQL is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) return false;
  if (error instanceof DomainError) return error.code === ErrorCode.Unavailable;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (
    typeof e.code === 'string' &&
    (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))
  ) {
    return true;
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string)))
    return true;
  if (error instanceof AggregateError && error.errors.some((x) => isDatabaseUnavailable(x, depth + 1)))
    return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * A lost or refused PostgreSQL connection as `DomainError(Unavailable)` (HTTP 503 with Retry-After,
 * a transient job failure); any other error unchanged.
 */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof DomainError || !isDatabaseUnavailable(error)) return error;
  return new DomainError(
    ErrorCode.Unavailable,
    'the database is unavailable, try again shortly',
    [{ path: 'database', message: error instanceof Error ? error.message : String(error) }],
    { cause: error },
  );
}
