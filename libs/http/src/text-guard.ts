import { DomainError, ErrorCode, ErrorDetail } from '@app/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Where a value holds text no field may hold: a NUL character, or a lone surrogate (half of a
 * UTF-16 pair, which no UTF-8 text can carry and PostgreSQL refuses). Iterative, first 20 found.
 */
export function badTextIn(value: unknown, path: string, limit = 20): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path }];
  while (stack.length > 0 && out.length < limit) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) out.push({ path: item.path, message: problem });
    } else if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--)
        stack.push({ value: item.value[i], path: `${item.path}[${i}]` });
    } else if (item.value !== null && typeof item.value === 'object') {
      for (const [k, v] of Object.entries(item.value).reverse()) {
        const keyProblem = textProblem(k);
        if (keyProblem) out.push({ path: item.path || 'body', message: `a field name ${keyProblem}` });
        stack.push({ value: v, path: item.path ? `${item.path}.${k}` : k });
      }
    }
  }
  return out;
}

/**
 * Query parameters whose percent-encoding is not UTF-8 (`%ED%A0%80`, `%FF`, `%E0%A4%A`): the
 * query parser would pass them on replaced or raw; they are refused instead, naming the parameter.
 */
export function undecodableQuery(url: string): ErrorDetail[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const out: ErrorDetail[] = [];
  for (const pair of url.slice(q + 1).split('&')) {
    const [rawName, ...rest] = pair.split('=');
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        return null;
      }
    };
    const name = decode(rawName);
    if (name === null || decode(rest.join('=')) === null) {
      out.push({
        path: `query.${name ?? rawName.slice(0, 64)}`,
        message: 'is not valid percent-encoded UTF-8',
      });
    }
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate (not valid Unicode text)';
  return null;
}

/**
 * Refuses (400, naming the parameter) NUL characters, lone surrogates and percent-encoding that is
 * not UTF-8 in the path parameters and the query of every route, before any handler sees them.
 * Bodies are checked where they are parsed: JSON by the API's one JSON parser, rows by ingestion.
 */
export function registerTextGuard(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request: FastifyRequest) => {
    const problems = [
      ...undecodableQuery(request.url),
      ...badTextIn(request.params, 'params'),
      ...badTextIn(request.query, 'query'),
    ];
    if (problems.length > 0) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `request is invalid: ${problems[0].path} ${problems[0].message}`,
        problems,
      );
    }
  });
}
