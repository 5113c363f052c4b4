import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/** What tierwatch tells Fastify about a route (read in its hooks, before the body is read). */
export interface TierwatchRouteConfig {
  /** Anyone may call the route: no credentials are asked for. */
  public?: boolean;
  /** The roles that own the route (admin always may): anyone else is refused before the body is read. */
  roles?: readonly string[];
  /** The body limit (libs/http): bytes, or 'ingest' for the bulk routes. */
  bodyLimit?: number | 'ingest';
}

/**
 * Adds to a route's Fastify config instead of replacing it, so that several decorators (@Roles,
 * @Public, @BodyLimit) can each say their part; Nest's own @RouteConfig would keep only the last.
 */
export function MergeRouteConfig(part: TierwatchRouteConfig): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object | undefined;
    if (!handler) return;
    const previous = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ??
      {}) as TierwatchRouteConfig;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...previous, ...part }, handler);
  };
}
