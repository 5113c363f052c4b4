import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Transform, type TransformCallback } from 'node:stream';
import type { BodyLimitSetting } from './body-limit.decorator';
import { formatBytes, HttpLimitError } from './http-limit.error';

/** A route whose body limit differs from the default, named by path (the alternative to @BodyLimit). */
export interface BodyLimitRule {
  method: string;
  /** The full route path as Fastify knows it, prefix included: `/api/v1/enterprises`. */
  url: string;
  limit: BodyLimitSetting;
}

/** The limits of one route. */
interface RouteLimit {
  /** Bodies a parser buffers whole before the handler runs (BUFFERED_CONTENT_TYPES). */
  bytes: number;
  /** Bodies in any other content type, which the route reads as a stream (NDJSON, CSV). */
  streamedBytes?: number;
}

/** The content types whose parsers read the whole body into memory (Fastify's and ours). */
export const BUFFERED_CONTENT_TYPES: readonly string[] = ['application/json', 'text/plain'];

export interface BodyLimitOptions {
  /** Every route without @BodyLimit or a rule. */
  defaultBytes: number;
  /** What `'ingest'` means: JSON arrays up to `bytes`, NDJSON and CSV streams up to `streamedBytes`. */
  ingest: { bytes: number; streamedBytes: number };
  rules?: readonly BodyLimitRule[];
}

/**
 * Gives every route a body limit (@BodyLimit on the handler, else a rule, else the default) and
 * answers 413, in the error shape and naming the limit, before the body is read: at once when
 * Content-Length says too much, otherwise as soon as the streamed bytes pass the limit. Fastify's
 * own bodyLimit (set per route here) stays as the backstop of its buffering parsers; streaming
 * parsers have none, so the counting stream is their only limit.
 */
export function registerBodyLimits(fastify: FastifyInstance, options: BodyLimitOptions): void {
  const rules = new Map<string, BodyLimitSetting>();
  for (const rule of options.rules ?? []) rules.set(key(rule.method, rule.url), rule.limit);
  const routes = new Map<string, RouteLimit>();
  const resolve = (setting: BodyLimitSetting | undefined): RouteLimit =>
    setting === 'ingest' ? options.ingest : { bytes: setting ?? options.defaultBytes };

  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const limit = resolve(route.config?.bodyLimit ?? rules.get(key(method, route.url)));
      routes.set(key(method, route.url), limit);
      route.bodyLimit = limit.bytes;
    }
  });

  fastify.addHook('preParsing', async (request, reply, payload) => {
    const route = routes.get(key(request.method, request.routeOptions.url)) ?? resolve(undefined);
    const { bytes, what } = limitOf(request, route);
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
    // Not pipeline(): it would destroy the request, and the socket with it, before the 413 is sent.
    payload.on('error', (error) => counted.destroy(error));
    payload.on('close', () => {
      if (!payload.readableEnded) counted.destroy(new Error('request body aborted'));
    });
    payload.pipe(counted);
    return counted;
  });
}

function key(method: string, url: string | undefined): string {
  return `${method.toUpperCase()} ${url ?? ''}`;
}

function limitOf(request: FastifyRequest, route: RouteLimit): { bytes: number; what: string } {
  const type = mediaType(request.headers['content-type']);
  if (route.streamedBytes !== undefined && type !== undefined && !BUFFERED_CONTENT_TYPES.includes(type)) {
    return { bytes: route.streamedBytes, what: `${type} bodies on this route` };
  }
  return { bytes: route.bytes, what: 'this route' };
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
