import { DomainError, ErrorCode } from '@app/domain';
import { assertJsonTextDepth, DEFAULT_JSON_MAX_DEPTH } from '@app/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { checkValue, exactNumbers, needsExactRead, printable } from './parsing/value-check';
import { mergeExactNumbers } from './rows/field-kinds';

export const STREAMED_CONTENT_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'text/csv',
];

/** The routes that take rows (JSON array, NDJSON or CSV), under any global prefix. */
const INGEST_ROUTE = /\/(enterprises|records|investment-events|ownership-links)$/;

function isIngestRoute(req: FastifyRequest): boolean {
  return req.method === 'POST' && INGEST_ROUTE.test(req.routeOptions.url ?? '');
}

/**
 * The API's body parsers, strict where Fastify's defaults are lenient (Nest's own must be off:
 * `bodyParser: false`):
 *
 * - NDJSON and CSV bodies reach the ingestion routes as the raw request stream, never buffered whole:
 *   small ones are parsed in the request, large ones stored chunk by chunk for an import job. Other
 *   routes take only JSON (415).
 * - JSON bodies, on every route: invalid UTF-8 is a 400 (Fastify decodes it to U+FFFD), and so is
 *   nesting deeper than `maxJsonDepth` (HTTP_JSON_MAX_DEPTH), found by a scan of the text before
 *   anything is parsed. On the ingestion routes, numbers that
 *   are not safe integers are read as their exact text (the row validator then stores them exactly
 *   or rejects the field) and NUL and lone surrogates are left to the row checks, which name the row.
 *   Elsewhere a NUL or lone surrogate in any string or field name, an integer beyond 2^53 or an
 *   infinity is a 400 naming the field.
 */
export function registerIngestionBodyParsers(
  fastify: FastifyInstance,
  options: { maxJsonDepth?: number } = {},
): void {
  const maxJsonDepth = options.maxJsonDepth ?? DEFAULT_JSON_MAX_DEPTH;
  // An answer given before the body was read (a bad CSV header, a refused content type, a 403)
  // closes the connection: the rest of the upload would otherwise be read as the next request on
  // a kept-alive connection, and that client would wait for an answer that never comes.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addContentTypeParser(STREAMED_CONTENT_TYPES, (req, payload, done) => {
    if (isIngestRoute(req)) return done(null, payload);
    // Shaped by the error filter like Fastify's own 415.
    const error = Object.assign(
      new Error(`unsupported content type ${req.headers['content-type']}: send application/json`),
      {
        statusCode: 415,
      },
    );
    done(error, undefined);
  });

  // Fastify's own parser (prototype poisoning refused), fed only text that is valid UTF-8.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    const bytes = raw as Buffer;
    if (!isUtf8(bytes)) {
      return done(
        new DomainError(ErrorCode.ValidationFailed, 'invalid UTF-8 in the JSON body', [
          { path: 'body', message: 'is not valid UTF-8' },
        ]),
        undefined,
      );
    }
    try {
      assertJsonTextDepth(bytes, maxJsonDepth);
    } catch (error) {
      return done(error as Error, undefined);
    }
    const text = bytes.toString('utf8');
    void parseJson(req, text, (error, value) => {
      if (error) return done(error, undefined);
      const ingest = isIngestRoute(req);
      const check = checkValue(value, { strings: !ingest, refuseUnsafeIntegers: !ingest });
      if (check.problem) {
        const path = bodyPath(check.problem.keys);
        return done(
          new DomainError(ErrorCode.ValidationFailed, `${path}: ${check.problem.message}`, [
            { path, message: check.problem.message },
          ]),
          undefined,
        );
      }
      if (!ingest || !needsExactRead(check, text) || !Array.isArray(value)) return done(null, value);
      const exact = JSON.parse(exactNumbers(text)) as unknown[];
      done(
        null,
        value.map((row: unknown, i) => mergeExactNumbers(row, exact[i])),
      );
    });
  });
}

/** `[3].payload.amount`, as the error details of a body name their fields. */
function bodyPath(keys: readonly (string | number)[]): string {
  let path = '';
  for (const key of keys) path += typeof key === 'number' ? `[${key}]` : path === '' ? key : `.${key}`;
  return path === '' ? 'body' : printable(path);
}
