import { setTimeout as sleep } from 'node:timers/promises';

export interface HttpOutcome<T> {
  status: number;
  body: T;
  retryAfter: string | null;
}

/** One request to the drill's api; a refused connection is status 0 (the api itself is down). */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: string; contentType?: string; timeoutMs?: number } = {},
): Promise<HttpOutcome<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: body as T, retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    return { status: 0, body: String(error) as T, retryAfter: null };
  }
}

/** Tallies the statuses a drill's client saw. */
export class StatusTally {
  readonly counts = new Map<number, number>();
  /** 503 answers without a Retry-After header (there must be none). */
  unavailableWithoutRetryAfter = 0;

  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  count(status: number): number {
    return this.counts.get(status) ?? 0;
  }

  toString(): string {
    return [...this.counts]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s === 0 ? 'refused' : s}×${n}`)
      .join(' ');
  }
}

/**
 * A request as a well-behaved client makes it: on 503 it waits `Retry-After` seconds (capped) and
 * tries again; any other answer is final. Every answer is tallied.
 */
export async function callRetrying<T>(
  tally: StatusTally,
  request: () => Promise<HttpOutcome<T>>,
  options: { maxWaitMs?: number; deadlineMs?: number } = {},
): Promise<HttpOutcome<T>> {
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  for (;;) {
    const outcome = await request();
    tally.add(outcome.status);
    if (outcome.status === 503 && !outcome.retryAfter) tally.unavailableWithoutRetryAfter += 1;
    const retry = outcome.status === 503 || outcome.status === 0;
    if (!retry || Date.now() > deadline) return outcome;
    const seconds = Number(outcome.retryAfter ?? '1');
    await sleep(Math.min((Number.isFinite(seconds) ? seconds : 1) * 1000, options.maxWaitMs ?? 5000));
  }
}

/** Polls `check` until it returns a value, or fails with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false | null>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet (a service may be restarting)
    }
    if (Date.now() > deadline) throw new Error(`drill: ${what} not reached within ${timeoutMs} ms`);
    await sleep(200);
  }
}
