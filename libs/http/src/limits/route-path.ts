import type { FastifyRequest } from 'fastify';

/**
 * The path a request's prefix rules (rate limits, authentication counting, cache headers) judge: the
 * matched route's pattern (so percent-encoded spellings of a route are judged as that route), or the
 * request path itself when no route matched or only a catch-all did — the web console's `/*`
 * fallback also receives unknown `/api/v1/…` paths, which must stay under the API's rules.
 */
export function routePathOf(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  return route === undefined || route.includes('*') ? request.url : route;
}
