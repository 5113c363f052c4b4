import { MergeRouteConfig } from '@app/auth';

/** A route's body limit: bytes, or `'ingest'` for the ingestion limits (JSON array / NDJSON and CSV streams). */
export type BodyLimitSetting = number | 'ingest';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Read by registerBodyLimits at route registration. */
    bodyLimit?: BodyLimitSetting;
  }
}

/**
 * This route's body limit instead of the default (HTTP_BODY_LIMIT_BYTES): `@BodyLimit(8 * 1024 * 1024)`,
 * or `@BodyLimit('ingest')` for a bulk route (INGEST_JSON_MAX_BYTES for JSON, INGEST_MAX_BYTES for
 * streamed NDJSON and CSV). It is Fastify route config, merged with what @Roles and @Public put there.
 */
export const BodyLimit = (limit: BodyLimitSetting) => MergeRouteConfig({ bodyLimit: limit });
