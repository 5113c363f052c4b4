import { Authenticator, Principal, registerAuthentication } from '@app/auth';
import { AppConfig } from '@app/config';
import {
  AllExceptionsFilter,
  createRateLimitRedis,
  createValidationPipe,
  frameworkErrorHandler,
  registerBodyLimits,
  registerRateLimits,
  registerSecurityHeaders,
  registerTextGuard,
  setupOpenApi,
} from '@app/http';
import { registerIngestionBodyParsers } from '@app/ingestion';
import { Metrics, registerMetrics } from '@app/metrics';
import { DatabaseUnavailableInterceptor } from '@app/persistence';
import { QueueRegistry } from '@app/queue';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { registerQueueDashboard } from './queue-dashboard';
import { consoleRoot, registerConsole } from './web/console-static';

/** Builds the HTTP API (not yet listening); main.ts and the e2e harness both use it. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  // No built-in secret: refuse to start without AUTH_JWT_SECRET (or with a weak one), before any
  // connection is opened.
  config.requireJwtSecret();
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: config.httpBodyLimitBytes,
      trustProxy: config.trustProxy,
      frameworkErrors: frameworkErrorHandler,
    }),
    // Body parsers are ours (strict UTF-8, depth, exact numbers, NDJSON/CSV streams), not Nest's.
    { bufferLogs: true, bodyParser: false },
  );
  // JSON logs with correlation ids (libs/http structured-logging), from the first line on.
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Limits and headers go on before any route is registered (app.init below).
  registerBodyLimits(fastify, {
    defaultBytes: config.httpBodyLimitBytes,
    ingest: { bytes: config.ingestJsonMaxBytes, streamedBytes: config.ingestMaxBytes },
  });
  registerIngestionBodyParsers(fastify, { maxJsonDepth: config.httpJsonMaxDepth });
  registerTextGuard(fastify);
  await registerSecurityHeaders(fastify);
  const authenticator = app.get(Authenticator);
  const redis = await createRateLimitRedis(config);
  fastify.addHook('onClose', async () => redis.disconnect());
  await registerRateLimits(fastify, {
    settings: config.rateLimits,
    redis,
    keyPrefix: `${config.redisPrefix}:rate-limit:`,
    principalOf: (request) => verifiedPrincipal(authenticator, request),
  });
  registerMetrics(fastify, app.get(Metrics), config.metricsAccess);
  await registerQueueDashboard(fastify, {
    queues: app.get(QueueRegistry),
    authenticator,
    allowRetry: config.queueDashboardAllowRetry,
  });
  registerAuthentication(app);
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ClsService)));
  // PostgreSQL unreachable mid-request: 503 with Retry-After, not 500.
  app.useGlobalInterceptors(new DatabaseUnavailableInterceptor());
  app.enableShutdownHooks();
  setupOpenApi(app);
  await registerConsole(fastify, consoleRoot());
  await app.init();
  return app;
}

/**
 * The caller's verified identity for per-principal rate limits: its key id or token subject. The
 * principal found is kept on the request, so authentication (the next hook) does not repeat it.
 */
async function verifiedPrincipal(
  authenticator: Authenticator,
  request: FastifyRequest & { principal?: Principal },
): Promise<string | undefined> {
  if (!Authenticator.hasCredentials(request.headers)) return undefined;
  try {
    request.principal = await authenticator.authenticate(request.headers);
  } catch {
    return undefined; // refused by the authentication hook, counted as a failure
  }
  return request.principal.apiKeyId
    ? `key:${request.principal.apiKeyId}`
    : `subject:${request.principal.subject}`;
}
