import { TokenService } from '@app/auth';
import { AppConfig } from '@app/config';
import {
  AllExceptionsFilter,
  createRateLimitRedis,
  createValidationPipe,
  registerBodyLimits,
  registerJsonBodyParser,
  registerRateLimits,
  registerSecurityHeaders,
  setupOpenApi,
} from '@app/http';
import { registerIngestionBodyParsers } from '@app/ingestion';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { ApiModule } from './api.module';

/**
 * The bulk routes: JSON arrays up to INGEST_JSON_MAX_BYTES, NDJSON and CSV streams up to
 * INGEST_MAX_BYTES. Named here until IngestController's two POST handlers carry @BodyLimit('ingest').
 */
const INGESTION_ROUTES = ['/api/v1/enterprises', '/api/v1/records'];

/** Builds the HTTP API (not yet listening); main.ts and the e2e harness both use it. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: config.httpBodyLimitBytes, trustProxy: config.trustProxy }),
    // Our JSON parser (depth-checked) replaces Nest's; no route takes urlencoded forms.
    { logger: config.logLevels, bufferLogs: false, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Limits and headers go on before any route is registered (app.init below).
  registerBodyLimits(fastify, {
    defaultBytes: config.httpBodyLimitBytes,
    ingest: { bytes: config.ingestJsonMaxBytes, streamedBytes: config.ingestMaxBytes },
    rules: INGESTION_ROUTES.map((url) => ({ method: 'POST', url, limit: 'ingest' as const })),
  });
  registerJsonBodyParser(fastify, config.httpJsonMaxDepth);
  registerIngestionBodyParsers(fastify);
  await registerSecurityHeaders(fastify);
  const tokens = app.get(TokenService);
  const redis = await createRateLimitRedis(config);
  fastify.addHook('onClose', async () => redis.disconnect());
  await registerRateLimits(fastify, {
    settings: config.rateLimits,
    redis,
    keyPrefix: `${config.redisPrefix}:rate-limit:`,
    principalOf: (request) => verifiedSubject(tokens, request),
  });
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ClsService)));
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  return app;
}

/** The subject of a valid bearer token, for per-principal rate limits; the guard checks it again for access. */
function verifiedSubject(tokens: TokenService, request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  try {
    return `subject:${tokens.verify(match[1]).subject}`;
  } catch {
    return undefined;
  }
}
