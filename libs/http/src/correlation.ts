import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** One id per request, whoever asks first (the CLS context, the request logger). */
const assigned = new WeakMap<IncomingMessage, string>();

/** Takes a caller's correlation id when it is sane, otherwise makes one; the same for one request. */
export function correlationIdOf(req: IncomingMessage): string {
  let id = assigned.get(req);
  if (id === undefined) {
    const given = req.headers[CORRELATION_HEADER];
    const value = Array.isArray(given) ? given[0] : given;
    id = value && /^[A-Za-z0-9._:-]{1,64}$/.test(value) ? value : randomUUID();
    assigned.set(req, id);
  }
  return id;
}
