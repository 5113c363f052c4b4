import 'reflect-metadata';
import { AppConfig, ConfigError } from '@app/config';
import { DomainError } from '@app/domain';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
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
