import { AppConfig } from '@app/config';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** Boots the worker as an application context (no HTTP server); main.ts and the e2e harness use it. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  config.requireJwtSecret();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
