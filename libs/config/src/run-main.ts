import { ConfigError } from './app-config';

export interface MainIo {
  error: (message: string) => void;
  exit: (code: number) => void;
}

/**
 * Runs an app's start function; a failed start ends the process with code 1. A bad environment is
 * reported by its message alone (it names every wrong variable), without a stack trace to hide it.
 */
export async function runMain(
  start: () => Promise<void>,
  // eslint-disable-next-line no-console
  io: MainIo = { error: (m) => console.error(m), exit: (c) => process.exit(c) },
): Promise<void> {
  try {
    await start();
  } catch (error) {
    io.error(
      error instanceof ConfigError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
    );
    io.exit(1);
  }
}
