import 'reflect-metadata';
import { AppConfig, ConfigError } from '@app/config';
import { DomainError } from '@app/domain';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { drillMain } from './drill/drill-main';

async function main(): Promise<void> {
  // Drills bring their own PostgreSQL and Redis: they must not boot against (or need) the
  // configured ones, so they run before the CLI's Nest context connects anywhere.
  if (process.argv[2] === 'drill') {
    process.exitCode = await drillMain(process.argv.slice(3));
    return;
  }
  const config = AppConfig.load();
  // Only warnings and errors from the framework: the commands print their own output.
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['fatal', 'error', 'warn'],
    errorHandler: (error) => {
      console.error(error.message);
      process.exit(1);
    },
  });
}

main().catch((error: unknown) => {
  // A refusal (bad configuration, bad input) is its message; anything else keeps its stack.
  console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
  process.exit(1);
});
