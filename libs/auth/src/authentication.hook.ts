import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@app/domain';
import type { TierwatchRouteConfig } from './route-config';
import { Authenticator } from './authenticator';
import { Principal, Role } from '@app/tokens';

/**
 * Authenticates every non-public route in Fastify's first hook, before the body is read: a caller
 * without valid credentials is refused (401) without the server parsing a byte of what it sent.
 * The route's roles are checked here too (and again by AuthGuard, which reuses the principal).
 */
export function registerAuthentication(app: NestFastifyApplication): void {
  const authenticator = app.get(Authenticator);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request: FastifyRequest & { principal?: Principal }) => {
    const route = request.routeOptions;
    if (!route.url) return; // no such route: the not-found handler answers
    if (!route.url.startsWith('/api/')) return; // /health, /docs: not the API
    const config = route.config as TierwatchRouteConfig | undefined;
    if (config?.public) return;
    // Already authenticated by the rate limiter's lookup (apps/api), or authenticated now.
    const principal = (request.principal ??= await authenticator.authenticate(request.headers));
    // The guard checks the roles again; checking them here refuses a caller before its body is read.
    const roles = config?.roles;
    if (roles && !principal.roles.includes(Role.Admin) && !principal.roles.some((r) => roles.includes(r))) {
      throw new DomainError(ErrorCode.Forbidden, `requires one of the roles: ${roles.join(', ')}`);
    }
  });
}
