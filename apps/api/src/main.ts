import 'reflect-metadata';
import { AppConfig, exitAfterGrace, runMain } from '@app/config';
import { formatBytes } from '@app/http';
import { Logger } from '@nestjs/common';
import { createApi } from './api.factory';

async function main(): Promise<void> {
  const config = AppConfig.load();
  exitAfterGrace(config.apiShutdownGraceMs);
  const app = await createApi(config);
  await app.listen({ port: config.port, host: config.host });
  const logger = new Logger('Api');
  logger.log(`tierwatch api on ${await app.getUrl()} (OpenAPI at /docs)`);
  const limits = config.rateLimits;
  logger.log(
    `limits: bodies ${formatBytes(config.httpBodyLimitBytes)} (ingestion JSON ${formatBytes(config.ingestJsonMaxBytes)}, ` +
      `streams ${formatBytes(config.ingestMaxBytes)}), JSON depth ${config.httpJsonMaxDepth}; per ${limits.windowMs / 1000} s: ` +
      `${limits.perIp}/IP, ${limits.perPrincipal}/principal, public ${limits.publicPerIp}/IP, ` +
      `self-service ${limits.selfServicePerPrincipal}/principal, ${limits.authFailuresPerIp} failed authentications/IP per ${limits.authFailureWindowMs / 1000} s`,
  );
}

void runMain(main);
