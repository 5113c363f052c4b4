import { routePathOf } from './route-path';
import type { AppConfig, RateLimitSettings } from '@app/config';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import IORedis from 'ioredis';
import { HttpLimitError } from './http-limit.error';

export interface RateLimitOptions {
  settings: RateLimitSettings;
  /** Shared by every api process, so their counts add up. */
  redis: IORedis;
  /** Prefix of every counter key, ending with a separator: `${REDIS_PREFIX}:rate-limit:`. */
  keyPrefix: string;
  /**
   * The caller's verified identity (token subject, API key id), or undefined when it sent none or
   * a bad one. Unverified claims are never keys: anyone could spread their requests over them.
   */
  principalOf(request: FastifyRequest): string | undefined | Promise<string | undefined>;
  /** Routes anyone may call without credentials; stricter per-IP budget. */
  publicPrefix?: string;
  /** A principal's own data (`/me`); stricter per-principal budget. */
  selfServicePrefix?: string;
  /** Routes that authenticate; a failed authentication (401) there counts against the IP. */
  authenticatedPrefix?: string;
}

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Rate limits before any work, counted in Redis (@fastify/rate-limit's store and scripts):
 * - every request per client IP, and per principal when it carries valid credentials;
 * - public routes per IP and self-service routes per principal, with smaller budgets;
 * - failed authentications per IP: once an address has had too many 401s in the failure window,
 *   its requests to authenticated routes without valid credentials are refused (valid ones pass,
 *   so ten bad requests from behind a shared address lock nobody out).
 * A refusal is 429 in the error shape with Retry-After (seconds). Redis unreachable: requests pass
 * (skipOnError), the api stays up.
 */
export async function registerRateLimits(fastify: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const {
    settings,
    publicPrefix = '/api/v1/public/',
    selfServicePrefix = '/api/v1/me/',
    authenticatedPrefix = '/api/v1/',
  } = options;
  await fastify.register(rateLimit, {
    global: false,
    redis: options.redis,
    nameSpace: options.keyPrefix,
    skipOnError: true,
  });
  // Looked up once per request, before the limiters that key on it.
  const principals = new WeakMap<FastifyRequest, string | undefined>();
  const principalOf = (request: FastifyRequest): string | undefined => principals.get(request);
  // Keys read `${keyPrefix}undefinedundefined-<limiter>:<ip or subject>`: createRateLimit names a
  // child store after a route, and these limiters have none.
  const limiter = (name: string, max: number, timeWindow: number, key: (r: FastifyRequest) => string) => ({
    name,
    check: fastify.createRateLimit({ max, timeWindow, keyGenerator: (r) => `${name}:${key(r)}` }),
  });
  const byIp = (r: FastifyRequest) => r.ip;
  const byPrincipal = (r: FastifyRequest) => principalOf(r) ?? `ip:${r.ip}`;
  const perIp = limiter('ip', settings.perIp, settings.windowMs, byIp);
  const perPrincipal = limiter('principal', settings.perPrincipal, settings.windowMs, byPrincipal);
  const publicPerIp = limiter('public-ip', settings.publicPerIp, settings.windowMs, byIp);
  const selfService = limiter('me', settings.selfServicePerPrincipal, settings.windowMs, byPrincipal);
  const authFailures = limiter(
    'auth-failures',
    settings.authFailuresPerIp,
    settings.authFailureWindowMs,
    byIp,
  );

  fastify.addHook('onRequest', async (request, reply) => {
    const url = routePathOf(request);
    const isPublic = url.startsWith(publicPrefix);
    // Valid credentials are never locked out by others' failures from the same address (a NAT, a
    // proxy): only a caller without them meets the per-address limit of failed authentications.
    principals.set(request, await options.principalOf(request));
    if (!isPublic && url.startsWith(authenticatedPrefix) && principalOf(request) === undefined) {
      const failures = await authFailures.check(request, { increment: false });
      if (!failures.isAllowed && failures.remaining === 0) {
        refuse(reply, failures.ttl, `too many failed authentications from this address`);
      }
    }
    await enforce(perIp.check, request, reply, 'requests from this address');
    if (isPublic)
      await enforce(publicPerIp.check, request, reply, 'requests from this address to public routes');
    if (principalOf(request) !== undefined) {
      await enforce(perPrincipal.check, request, reply, 'requests for this principal');
    }
    if (url.startsWith(selfServicePrefix)) {
      await enforce(selfService.check, request, reply, 'requests for this principal to self-service routes');
    }
  });

  fastify.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401) return;
    const url = routePathOf(request);
    if (url.startsWith(authenticatedPrefix) && !url.startsWith(publicPrefix))
      await authFailures.check(request);
  });
}

async function enforce(
  check: Check,
  request: FastifyRequest,
  reply: FastifyReply,
  what: string,
): Promise<void> {
  const result = await check(request);
  if (result.isAllowed || !result.isExceeded) return;
  refuse(
    reply,
    result.ttl,
    `too many ${what}: at most ${result.max} in ${Math.round(result.timeWindow / 1000)} s`,
  );
}

function refuse(reply: FastifyReply, ttlMs: number, message: string): never {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  void reply.header('retry-after', String(seconds));
  throw new HttpLimitError(429, `${message}; retry in ${seconds} s`, [
    { path: 'retryAfterSeconds', message: String(seconds) },
  ]);
}

/**
 * The counters' own connection: a command fails at once while Redis is away (no offline queue,
 * short timeout), so an unreachable Redis lets requests through instead of holding them. Waits up
 * to `waitMs` for the first connection, so counting starts with the first request.
 */
export async function createRateLimitRedis(config: AppConfig, waitMs = 2000): Promise<IORedis> {
  const redis = new IORedis(config.redisUrl, {
    connectionName: 'tierwatch-rate-limit',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 500,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise((resolve) => redis.once('ready', resolve)),
    new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
  return redis;
}
