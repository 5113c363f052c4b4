import { createRedis } from '@app/queue';
import { AppConfig } from '@app/config';
import { Metrics, serveMetrics } from '@app/metrics';
import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { DataSource } from 'typeorm';

/**
 * The worker's only HTTP surface, when WORKER_HEALTH_PORT is set: GET /health → 200 or 503, and
 * GET /metrics (Prometheus text, behind METRICS_TOKEN like the api's).
 */
export async function startWorkerHealthServer(
  config: AppConfig,
  dataSource: DataSource,
  metrics: Metrics,
): Promise<Server> {
  const redis = createRedis(config, 'probe');
  redis.on('error', () => undefined);
  const server = createServer((req, res) => {
    if (req.url === '/metrics' && req.method === 'GET') {
      serveMetrics(req, res, metrics, config.metricsAccess).catch((error: unknown) => {
        new Logger('WorkerHealth').error(`metrics: ${(error as Error).message}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    if (req.url !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          statusCode: 404,
          error: 'Not Found',
          message: `no route ${req.url}`,
          details: [],
          correlationId: null,
        }),
      );
      return;
    }
    void Promise.allSettled([dataSource.query('SELECT 1'), redis.ping()]).then(([pg, rd]) => {
      const status = {
        postgres: pg.status === 'fulfilled' ? 'up' : 'down',
        redis: rd.status === 'fulfilled' ? 'up' : 'down',
      };
      const ok = status.postgres === 'up' && status.redis === 'up';
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'error', ...status }));
    });
  });
  server.on('close', () => redis.disconnect());
  await new Promise<void>((resolve) => server.listen(config.workerHealthPort, config.host, resolve));
  new Logger('WorkerHealth').log(`health on http://${config.host}:${config.workerHealthPort}/health`);
  return server;
}
