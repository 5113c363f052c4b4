import { AppConfig, ConfigError } from './app-config';

describe('AppConfig', () => {
  it('works with no environment at all, against the local services', () => {
    const config = AppConfig.load({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/tierwatch');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.timeZone).toBe('Asia/Shanghai');
    expect(config.migrationsRun).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const config = AppConfig.load({ PORT: '8080', MIGRATIONS_RUN: 'false', OUTBOX_POLL_MS: '50' });
    expect(config.port).toBe(8080);
    expect(config.migrationsRun).toBe(false);
    expect(config.outboxPollMs).toBe(50);
  });

  it('keeps every pooled connection open while idle unless DB_POOL_MIN says fewer', () => {
    expect(AppConfig.load({}).dbPoolMin).toBe(10);
    expect(AppConfig.load({ DB_POOL_SIZE: '6' }).dbPoolMin).toBe(6);
    expect(AppConfig.load({ DB_POOL_SIZE: '6', DB_POOL_MIN: '2' }).dbPoolMin).toBe(2);
    expect(AppConfig.load({ DB_POOL_SIZE: '6', DB_POOL_MIN: '0' }).dbPoolMin).toBe(0);
    // never more than the pool holds
    expect(AppConfig.load({ DB_POOL_SIZE: '6', DB_POOL_MIN: '20' }).dbPoolMin).toBe(6);
    expect(() => AppConfig.load({ DB_POOL_MIN: '-1' })).toThrow(/DB_POOL_MIN/);
  });

  it('names every invalid variable in one error', () => {
    let error: unknown;
    try {
      AppConfig.load({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'chatty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect((error as ConfigError).message).toContain(
      'DATABASE_URL: must be a postgres:// URL (got "mysql://x")',
    );
  });

  it('has no built-in JWT secret, in any NODE_ENV', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const config = AppConfig.load({ NODE_ENV });
      expect(() => config.jwtSecret).toThrow(/AUTH_JWT_SECRET: is required/);
    }
  });

  it('refuses short, known and trivial secrets', () => {
    expect(() => AppConfig.load({ AUTH_JWT_SECRET: 'short' })).toThrow(
      /AUTH_JWT_SECRET: must be at least 32 bytes/,
    );
    for (const known of [
      'tierwatch-development-only-secret-not-for-production',
      'x'.repeat(40),
      'abababababababababababababababababab',
    ]) {
      expect(() => AppConfig.load({ AUTH_JWT_SECRET: known })).toThrow(/known or trivial value/);
    }
    const secret = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(AppConfig.load({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it('never shows a password or a secret in its error', () => {
    let message = '';
    try {
      AppConfig.load({
        DATABASE_URL: 'postgres://tw:S3cretPass@db/tierwatch x',
        AUTH_JWT_SECRET: 'short-secret',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('postgres://tw:***@db/tierwatch x');
    expect(message).not.toContain('S3cretPass');
    expect(message).not.toContain('short-secret');
  });

  it('closes /metrics in production unless a scrape token or METRICS_PUBLIC says how it is protected', () => {
    const secret = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    const token = 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184';
    expect(AppConfig.load({ AUTH_JWT_SECRET: secret }).metricsAccess).toBe('open');
    expect(AppConfig.load({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).metricsAccess).toBe('closed');
    expect(
      AppConfig.load({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret, METRICS_PUBLIC: 'true' })
        .metricsAccess,
    ).toBe('open');
    expect(
      AppConfig.load({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret, METRICS_TOKEN: token }).metricsAccess,
    ).toEqual({ token });
    let message = '';
    try {
      AppConfig.load({ METRICS_TOKEN: 'scrape-me' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/METRICS_TOKEN: must be at least 32 bytes/);
    expect(message).not.toContain('scrape-me');
  });

  it('has the development sign-in off by default and refuses it in production', () => {
    expect(AppConfig.load({}).authDevLogin).toBe(false);
    expect(AppConfig.load({ AUTH_DEV_LOGIN: 'true' }).authDevLogin).toBe(true);
    expect(() => AppConfig.load({ AUTH_DEV_LOGIN: 'true', NODE_ENV: 'production' })).toThrow(
      /AUTH_DEV_LOGIN: the development sign-in cannot be enabled when NODE_ENV=production/,
    );
  });

  it('wants the identity provider keys over https in production', () => {
    const idp = {
      AUTH_JWKS_ISSUER: 'https://idp',
      AUTH_JWKS_AUDIENCE: 'tw',
      AUTH_JWKS_URL: 'http://idp/jwks',
    };
    expect(() => AppConfig.load({ ...idp, NODE_ENV: 'production' })).toThrow(
      /AUTH_JWKS_URL: must be an https/,
    );
    expect(AppConfig.load(idp).jwks?.url).toBe('http://idp/jwks');
  });

  it('reads the identity provider settings and its claim mapping', () => {
    expect(AppConfig.load({}).jwks).toBeNull();
    expect(() => AppConfig.load({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /AUTH_JWKS_ISSUER: is required with AUTH_JWKS_URL/,
    );
    expect(() => AppConfig.load({ AUTH_JWKS_CLAIMS: '{"tier":"x"}' })).toThrow(/unknown key "tier"/);
    const config = AppConfig.load({
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_JWKS_ISSUER: 'https://idp.example',
      AUTH_JWKS_AUDIENCE: 'tierwatch',
      AUTH_JWKS_CLAIMS: '{"roles":"realm_access.roles"}',
    });
    expect(config.jwks).toEqual({
      url: 'https://idp.example/jwks',
      issuer: 'https://idp.example',
      audience: 'tierwatch',
      claims: {
        subject: 'sub',
        roles: 'realm_access.roles',
        regions: 'regions',
        uscc: 'uscc',
        inspector: 'inspector',
      },
    });
  });

  it('derives the enabled log levels from LOG_LEVEL', () => {
    expect(AppConfig.load({ LOG_LEVEL: 'warn' }).logLevels).toEqual(['fatal', 'error', 'warn']);
  });

  it('makes copies with overrides without touching the original', () => {
    const base = AppConfig.load({});
    const copy = base.with({ REDIS_PREFIX: 'test-1', PORT: 0 });
    expect(copy.redisPrefix).toBe('test-1');
    expect(copy.port).toBe(0);
    expect(base.redisPrefix).toBe('tierwatch');
  });

  it('reads TRUST_PROXY as Fastify takes it, and refuses anything else', () => {
    expect(AppConfig.load({}).trustProxy).toEqual(['loopback']);
    expect(AppConfig.load({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(AppConfig.load({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(AppConfig.load({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
    ]);
    expect(() => AppConfig.load({ TRUST_PROXY: 'any; proxy' })).toThrow(/TRUST_PROXY/);
  });

  it('gives the rate limits in milliseconds and requests', () => {
    expect(
      AppConfig.load({ RATE_LIMIT_WINDOW_SECONDS: '30', RATE_LIMIT_PER_IP: '5' }).rateLimits,
    ).toMatchObject({ windowMs: 30_000, perIp: 5, authFailureWindowMs: 900_000 });
  });
});
