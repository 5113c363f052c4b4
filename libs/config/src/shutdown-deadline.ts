export interface DeadlineIo {
  warn: (message: string) => void;
  exit: (code: number) => void;
}

/**
 * Whatever hangs in a shutdown (a close waiting for an unreachable Redis, a query on a PostgreSQL
 * that stopped answering, an upload that never ends), the process is gone within `graceMs` of
 * SIGTERM or SIGINT: the orchestrator's grace period is a promise, not a hope. The deadline fires a
 * little before the grace (a tenth of it, at most 500 ms) so that exiting fits inside it too. The
 * timer does not keep the process alive when everything closes sooner.
 */
export function exitAfterGrace(
  graceMs: number,
  // eslint-disable-next-line no-console
  io: DeadlineIo = { warn: (m) => console.error(m), exit: (c) => process.exit(c) },
  target: Pick<NodeJS.Process, 'once'> = process,
): void {
  const deadlineMs = graceMs - Math.min(500, Math.floor(graceMs / 10));
  const arm = (signal: string) => {
    setTimeout(() => {
      io.warn(`${signal}: shutdown did not finish within ${deadlineMs} ms; exiting`);
      io.exit(1);
    }, deadlineMs).unref();
  };
  target.once('SIGTERM', () => arm('SIGTERM'));
  target.once('SIGINT', () => arm('SIGINT'));
}

/** `work`, or `undefined` once `ms` have passed; for closes that may wait forever on a dead peer. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  try {
    return await Promise.race([
      work,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
