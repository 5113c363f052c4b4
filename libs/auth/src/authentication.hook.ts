import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { TierwatchRouteConfig } from './auth.decorators';
import { Authenticator } from './authenticator';
import type { Principal } from './role.enum';

/**
 * Authenticates every non-public route in Fastify's first hook, before the body is read: a caller
 * without valid credentials is refused (401) without the server parsing a byte of what it sent.
 * Roles are checked afterwards by AuthGuard, which reuses the principal found here.
 */
export function registerAuthentication(app: NestFastifyApplication): void {
  const authenticator = app.get(Authenticator);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request: FastifyRequest & { principal?: Principal }) => {
    const route = request.routeOptions;
    if (!route.url) return; // no such route: the not-found handler answers
    if (!route.url.startsWith('/api/')) return; // /health, /docs: not the API
    if ((route.config as TierwatchRouteConfig | undefined)?.public) return;
    // Already authenticated by the rate limiter's lookup (apps/api), or authenticated now.
    request.principal ??= await authenticator.authenticate(request.headers);
  });
}
