import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Transform, type TransformCallback } from 'node:stream';
import { formatBytes, HttpLimitError } from './http-limit.error';

/** A route whose body limit differs from the default. */
export interface BodyLimitRule {
  method: string;
  /** The full route path as Fastify knows it, prefix included: `/api/v1/enterprises`. */
  url: string;
  /** Limit of bodies a parser buffers whole before the handler runs (BUFFERED_CONTENT_TYPES). */
  bytes: number;
  /** Limit of bodies in any other content type, which the route reads as a stream (NDJSON, CSV). */
  streamedBytes?: number;
}

/** The content types whose parsers read the whole body into memory (Fastify's and ours). */
export const BUFFERED_CONTENT_TYPES: readonly string[] = ['application/json', 'text/plain'];

export interface BodyLimitOptions {
  /** Every route without a rule. */
  defaultBytes: number;
  rules?: readonly BodyLimitRule[];
}

/**
 * Gives every route a body limit and answers 413, in the error shape and naming the limit, before
 * the body is read: at once when Content-Length says too much, otherwise as soon as the streamed
 * bytes pass the limit. Fastify's own bodyLimit (set per route here) stays as the backstop of its
 * buffering parsers; streaming parsers have none, so the counting stream is their only limit.
 */
export function registerBodyLimits(fastify: FastifyInstance, options: BodyLimitOptions): void {
  const rules = new Map<string, BodyLimitRule>();
  for (const rule of options.rules ?? []) rules.set(`${rule.method.toUpperCase()} ${rule.url}`, rule);
  const ruleOf = (method: string, url: string | undefined) =>
    url === undefined ? undefined : rules.get(`${method.toUpperCase()} ${url}`);

  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const rule = methods.map((m) => ruleOf(m, route.url)).find((r) => r !== undefined);
    route.bodyLimit = rule?.bytes ?? options.defaultBytes;
  });

  fastify.addHook('preParsing', async (request, reply, payload) => {
    const { bytes, what } = limitOf(request, ruleOf(request.method, request.routeOptions.url), options);
    const tooLarge = () =>
      new HttpLimitError(413, `request body exceeds the limit of ${formatBytes(bytes)} for ${what}`, [
        { path: 'body', message: `at most ${bytes} bytes` },
      ]);
    const declared = Number(request.headers['content-length']);
    if (declared > bytes) {
      closeAfterReply(reply);
      throw tooLarge();
    }
    // With a Content-Length within the limit, HTTP framing already bounds the body.
    if (Number.isFinite(declared) || request.headers['transfer-encoding'] === undefined) return payload;
    const counted = new ByteLimit(bytes, () => {
      closeAfterReply(reply);
      return tooLarge();
    });
    payload.pipe(counted);
    return counted;
  });
}

function limitOf(
  request: FastifyRequest,
  rule: BodyLimitRule | undefined,
  options: BodyLimitOptions,
): { bytes: number; what: string } {
  const type = mediaType(request.headers['content-type']);
  if (rule?.streamedBytes !== undefined && type !== undefined && !BUFFERED_CONTENT_TYPES.includes(type)) {
    return { bytes: rule.streamedBytes, what: `${type} bodies on this route` };
  }
  return { bytes: request.routeOptions.bodyLimit ?? rule?.bytes ?? options.defaultBytes, what: 'this route' };
}

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0].trim().toLowerCase() || undefined;
}

/** The rest of a refused body is not read: the connection closes after the 413. */
function closeAfterReply(reply: FastifyReply): void {
  void reply.header('connection', 'close');
}

/** Passes bytes through until more than `limit` have gone by, then fails with `refuse()`. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly refuse: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(this.refuse());
    else callback(null, chunk);
  }
}
