import { AppConfig } from '@app/config';
import { AllExceptionsFilter, createValidationPipe, setupOpenApi } from '@app/http';
import { registerIngestionBodyParsers } from '@app/ingestion';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClsService } from 'nestjs-cls';
import { ApiModule } from './api.module';

/** Builds the HTTP API (not yet listening); main.ts and the e2e harness both use it. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: 64 * 1024 * 1024, trustProxy: true }),
    // Body parsers are registered below (strict UTF-8, exact numbers, NDJSON/CSV streams), not by Nest.
    { logger: config.logLevels, bufferLogs: false, bodyParser: false },
  );
  registerIngestionBodyParsers(app.getHttpAdapter().getInstance());
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ClsService)));
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  return app;
}
