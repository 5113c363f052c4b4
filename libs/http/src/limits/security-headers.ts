import { routePathOf } from './route-path';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Security headers on every response, the API's, the OpenAPI UI's (/docs) and errors alike:
 * - helmet's set, with `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` and a CSP whose
 *   `frame-ancestors 'none'` forbids framing anywhere; the CSP lets the Swagger UI at /docs run
 *   (its scripts and styles come from /docs itself; it has one inline <style> and data: images);
 * - `Cache-Control: no-store` on every response to a request that carried credentials
 *   (Authorization, X-Api-Key) or that reached an authenticated route, so no shared or browser
 *   cache keeps a principal's data.
 */
export async function registerSecurityHeaders(
  fastify: FastifyInstance,
  options: { publicPrefix?: string; apiPrefix?: string } = {},
): Promise<void> {
  const { publicPrefix = '/api/v1/public/', apiPrefix = '/api/v1/' } = options;
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https://validator.swagger.io'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // The api may be served over plain HTTP (docker-compose, a developer machine): an upgrade
        // to https would break the Swagger UI's own scripts there.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
  });
  const authenticated = (request: FastifyRequest): boolean => {
    if (request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined)
      return true;
    const url = routePathOf(request);
    return url.startsWith(apiPrefix) && !url.startsWith(publicPrefix);
  };
  fastify.addHook('onRequest', async (request, reply) => {
    if (authenticated(request)) void reply.header('cache-control', 'no-store');
  });
}
