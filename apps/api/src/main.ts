import 'reflect-metadata';
import { AppConfig, ConfigError } from '@app/config';
import { Logger } from '@nestjs/common';
import { createApi } from './api.factory';

async function main(): Promise<void> {
  const config = AppConfig.load();
  const app = await createApi(config);
  await app.listen({ port: config.port, host: config.host });
  new Logger('Api').log(`tierwatch api on ${await app.getUrl()} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  // A bad environment is reported by name, without a stack trace that hides it.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
