import { AppConfig } from '@app/config';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

/** Boots the worker as an application context (no HTTP server); main.ts and the e2e harness use it. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  config.requireJwtSecret();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: config.logLevels,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
