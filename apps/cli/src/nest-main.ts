import 'reflect-metadata';
import { AppConfig } from '@app/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

/** A command that needs the database or the queue: nest-commander in the CLI's Nest context. */
export async function runNestCommand(): Promise<void> {
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
