import { timingSafeEqual } from 'node:crypto';

/** Who may read /metrics (AppConfig.metricsAccess). */
export type MetricsAccess = { token: string } | 'open' | 'closed';

/**
 * Whether a scrape with this Authorization header may read the metrics: 200, 401 (a token is
 * configured and this is not it) or 403 (production without a token or METRICS_PUBLIC).
 */
export function metricsScrapeStatus(
  access: MetricsAccess,
  authorization: string | undefined,
): 200 | 401 | 403 {
  if (access === 'open') return 200;
  if (access === 'closed') return 403;
  const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(access.token);
  return a.length === b.length && timingSafeEqual(a, b) ? 200 : 401;
}

const REFUSALS = {
  401: 'GET /metrics needs the scrape token: Authorization: Bearer <METRICS_TOKEN>',
  403: 'GET /metrics is closed in production: set METRICS_TOKEN, or METRICS_PUBLIC=true where only the scraper reaches this port',
} as const;

/** The body of a refused scrape, in the one error shape. */
export function metricsRefusal(status: 401 | 403, correlationId: string | null): string {
  return JSON.stringify({
    statusCode: status,
    error: status === 401 ? 'Unauthorized' : 'Forbidden',
    message: REFUSALS[status],
    details: [],
    correlationId,
  });
}
