import 'reflect-metadata';
import { AppConfig, exitAfterGrace, runMain } from '@app/config';
import { Metrics } from '@app/metrics';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startWorkerHealthServer } from './worker-health.server';
import { createWorker } from './worker.factory';

async function main(): Promise<void> {
  const config = AppConfig.load();
  exitAfterGrace(config.workerShutdownGraceMs);
  const app = await createWorker(config);
  if (config.workerHealthPort > 0) {
    const server = await startWorkerHealthServer(config, app.get(DataSource), app.get(Metrics));
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
  new Logger('Worker').log('tierwatch worker running');
}

void runMain(main);
