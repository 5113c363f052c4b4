import 'reflect-metadata';
import { AppConfig, exitAfterGrace, runMain } from '@app/config';
import { Logger } from '@nestjs/common';
import { createApi } from './api.factory';

async function main(): Promise<void> {
  const config = AppConfig.load();
  exitAfterGrace(config.apiShutdownGraceMs);
  const app = await createApi(config);
  await app.listen({ port: config.port, host: config.host });
  new Logger('Api').log(`tierwatch api on ${await app.getUrl()} (OpenAPI at /docs)`);
}

void runMain(main);
