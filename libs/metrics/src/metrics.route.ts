import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MetricsAccess, metricsRefusal, metricsScrapeStatus } from './metrics-access';
import { Metrics } from './metrics.service';

/**
 * GET /metrics on the api (outside /api/v1: not part of the API, no bearer token of a user), and the
 * request-duration histogram of every route, labelled by the route's pattern so that
 * /api/v1/enterprises/:uscc is one series, not one per enterprise.
 */
export function registerMetrics(fastify: FastifyInstance, metrics: Metrics, access: MetricsAccess): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  fastify.get('/metrics', async (request, reply) => {
    const status = metricsScrapeStatus(access, request.headers.authorization);
    if (status !== 200) {
      const correlationId = reply.getHeader('x-correlation-id');
      return reply
        .code(status)
        .type('application/json; charset=utf-8')
        .send(metricsRefusal(status, typeof correlationId === 'string' ? correlationId : null));
    }
    return reply.type(metrics.contentType()).send(await metrics.text());
  });
}

/** The same GET /metrics for a plain Node HTTP server (the worker's health port). */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  access: MetricsAccess,
): Promise<void> {
  const status = metricsScrapeStatus(access, req.headers.authorization);
  if (status !== 200) {
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(metricsRefusal(status, null));
    return;
  }
  const body = await metrics.text();
  res.writeHead(200, { 'content-type': metrics.contentType() }).end(body);
}
