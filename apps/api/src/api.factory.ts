import { AppConfig } from '@app/config';
import { AllExceptionsFilter, createValidationPipe, setupOpenApi } from '@app/http';
import { registerIngestionBodyParsers } from '@app/ingestion';
import { DatabaseUnavailableInterceptor } from '@app/persistence';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClsService } from 'nestjs-cls';
import { ApiModule } from './api.module';

/** Builds the HTTP API (not yet listening); main.ts and the e2e harness both use it. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: 64 * 1024 * 1024, trustProxy: true }),
    { logger: config.logLevels, bufferLogs: false },
  );
  registerIngestionBodyParsers(app.getHttpAdapter().getInstance());
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ClsService)));
  // PostgreSQL unreachable mid-request: 503 with Retry-After, not 500.
  app.useGlobalInterceptors(new DatabaseUnavailableInterceptor());
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  return app;
}
