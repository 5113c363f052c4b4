import { Role } from '@app/auth';
import { createApi } from '../../apps/api/src/api.factory';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

/**
 * Each case calls from its own client address (X-Forwarded-For, trusted from loopback by default)
 * so the per-IP counters of one case never touch another's.
 */
describe('rate limits: per IP, per principal, public, self-service and failed authentication', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({
        RATE_LIMIT_PER_IP: '12',
        RATE_LIMIT_PER_PRINCIPAL: '5',
        RATE_LIMIT_PUBLIC_PER_IP: '3',
        RATE_LIMIT_SELF_SERVICE_PER_PRINCIPAL: '2',
        RATE_LIMIT_AUTH_FAILURES_PER_IP: '3',
      }),
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  const from = (ip: string, token?: string) => ({ token, headers: { 'x-forwarded-for': ip } });
  const call = (path: string, ip: string, token?: string) => stack.request('GET', path, from(ip, token));
  const expectRefused = (
    res: { status: number; body: unknown; headers: Headers },
    message: RegExp,
    window = 60,
  ) => {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      message: expect.stringMatching(message),
      details: [{ path: 'retryAfterSeconds', message: expect.stringMatching(/^\d+$/) }],
      correlationId: expect.any(String),
    });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(window);
  };

  it('limits one principal, from any address, and not another', async () => {
    const alice = stack.token(Role.Regulator, { subject: 'regulator:alice' });
    const bob = stack.token(Role.Regulator, { subject: 'regulator:bob' });
    for (let i = 0; i < 5; i++) {
      expect((await call('/api/v1/tiers/summary', `10.1.0.${i}`, alice)).status).toBe(200);
    }
    expectRefused(
      await call('/api/v1/tiers/summary', '10.1.0.9', alice),
      /^too many requests for this principal: at most 5 in 60 s; retry in \d+ s$/,
    );
    expect((await call('/api/v1/tiers/summary', '10.1.0.9', bob)).status).toBe(200);
  });

  it('limits one address, with or without credentials, and not another', async () => {
    for (let i = 0; i < 12; i++) expect((await call('/health', '10.2.0.1')).status).toBe(200);
    expectRefused(
      await call('/health', '10.2.0.1'),
      /^too many requests from this address: at most 12 in 60 s/,
    );
    expectRefused(
      await call('/api/v1/tiers/summary', '10.2.0.1', stack.token(Role.Regulator, { subject: 'c' })),
      /from this address/,
    );
    expect((await call('/health', '10.2.0.2')).status).toBe(200);
  });

  it('gives public routes a smaller budget per address', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await call('/api/v1/public/inspection-results', '10.3.0.1')).status).toBe(200);
    }
    expectRefused(
      await call('/api/v1/public/inspection-results', '10.3.0.1'),
      /^too many requests from this address to public routes: at most 3 in 60 s/,
    );
    expect((await call('/api/v1/public/inspection-results', '10.3.0.2')).status).toBe(200);
    // The address's overall budget is untouched by the public one.
    expect((await call('/health', '10.3.0.1')).status).toBe(200);
  });

  it('gives self-service routes a smaller budget per principal', async () => {
    const own = stack.token(Role.Enterprise, { subject: 'enterprise:a', uscc: '91350100M000100Y43' });
    const other = stack.token(Role.Enterprise, { subject: 'enterprise:b', uscc: '91330106MA2000DA53' });
    // No /me route exists yet: the limit stands before routing, so 404s count the same.
    for (let i = 0; i < 2; i++)
      expect((await call('/api/v1/me/profile', `10.4.0.${i}`, own)).status).toBe(404);
    expectRefused(
      await call('/api/v1/me/profile', '10.4.0.9', own),
      /^too many requests for this principal to self-service routes: at most 2 in 60 s/,
    );
    expect((await call('/api/v1/me/profile', '10.4.0.9', other)).status).toBe(404);
  });

  it('refuses an address without valid credentials after repeated failed authentications', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await call('/api/v1/tiers/summary', '10.5.0.1', 'not-a-token')).status).toBe(401);
    }
    expectRefused(
      await call('/api/v1/tiers/summary', '10.5.0.1', 'another-guess'),
      /^too many failed authentications from this address; retry in \d+ s$/,
      900,
    );
    const retryAfter = Number(
      (await call('/api/v1/tiers/summary', '10.5.0.1', 'a-third-guess')).headers.get('retry-after'),
    );
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Someone else behind the same address (a NAT, a proxy) with valid credentials is not locked out.
    const valid = stack.token(Role.Regulator, { subject: 'regulator:carol' });
    expect((await call('/api/v1/tiers/summary', '10.5.0.1', valid)).status).toBe(200);
    expect((await call('/api/v1/tiers/summary', '10.5.0.2', 'guess')).status).toBe(401);
    // Public routes stay open to the address.
    expect((await call('/api/v1/public/inspection-results', '10.5.0.1')).status).toBe(200);
  });

  it('counts one principal across api processes that share Redis', async () => {
    const second = await createApi(stack.env.config);
    await second.listen({ port: 0, host: '127.0.0.1' });
    try {
      const urls = [stack.baseUrl, await second.getUrl()];
      const dave = stack.token(Role.Regulator, { subject: 'regulator:dave' });
      const get = (i: number) =>
        fetch(`${urls[i % 2]}/api/v1/tiers/summary`, {
          headers: { authorization: `Bearer ${dave}`, 'x-forwarded-for': `10.6.0.${i}`, connection: 'close' },
        });
      for (let i = 0; i < 5; i++) expect((await get(i)).status).toBe(200);
      const refused = await get(5);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await second.close();
    }
  });

  it('shares its counts through Redis under the deployment prefix', async () => {
    const redis = stack.env.redis();
    try {
      const keys = await redis.keys(`${stack.env.redisPrefix}:rate-limit:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
