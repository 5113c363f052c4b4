import 'reflect-metadata';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
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
    serviceErrorHandler: commandFailed,
  });
}

/**
 * A command's run() threw: say why on stderr and exit 1. (nest-commander's default prints the error
 * and leaves the exit code 0, so a failed `migrate`, `assess` or `demo` looked like a success to a
 * script.) A refusal of ours (DomainError, with its code) is shown as its message; anything else with
 * its stack.
 */
export function commandFailed(error: Error): void {
  console.error(
    error instanceof DomainError ? `${error.code}: ${error.message}` : (error.stack ?? String(error)),
  );
  process.exitCode = 1;
}
