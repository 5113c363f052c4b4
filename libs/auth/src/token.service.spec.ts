import { AppConfig } from '@app/config';
import { DomainError, ErrorCode } from '@app/domain';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { assertCanReadEnterprise } from './auth.guard';
import { Role } from '@app/tokens';
import { TokenService } from './token.service';

const secret = () => randomBytes(32).toString('hex');

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a rejection');
}

describe('TokenService (built-in issuer)', () => {
  const service = new TokenService(AppConfig.load({ AUTH_JWT_SECRET: secret() }));

  it('round-trips a principal with its regions', async () => {
    const token = service.issue({ subject: 'alice', roles: [Role.Regulator], regions: ['3301', '3302'] });
    expect(await service.verify(token)).toEqual({
      subject: 'alice',
      roles: [Role.Regulator],
      regions: ['3301', '3302'],
      uscc: undefined,
      inspectorId: undefined,
    });
  });

  it('refuses to issue or accept anything without AUTH_JWT_SECRET', async () => {
    const bare = new TokenService(AppConfig.load({}));
    expect(() => bare.issue({ subject: 'a', roles: [Role.Admin] })).toThrow(/AUTH_JWT_SECRET: is required/);
    const token = service.issue({ subject: 'a', roles: [Role.Admin] });
    expect((await rejection(bare.verify(token))).code).toBe(ErrorCode.Unauthorized);
  });

  it('rejects a token signed with another secret', async () => {
    const other = new TokenService(AppConfig.load({ AUTH_JWT_SECRET: secret() }));
    const token = other.issue({ subject: 'mallory', roles: [Role.Admin] });
    const error = await rejection(service.verify(token));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ErrorCode.Unauthorized);
  });

  it('refuses a regulator token without regions, when issued and when read', async () => {
    expect(() => service.issue({ subject: 'r', roles: [Role.Regulator] })).toThrow(
      /regulator token needs the regions/,
    );
    expect(() => service.issue({ subject: 'r', roles: [Role.Regulator], regions: ['33AB'] })).toThrow(
      /not a division-code prefix/,
    );
    // A token made elsewhere with the same secret but no regions (an old token) is refused on use.
    const { JwtService } = await import('@nestjs/jwt');
    const s = secret();
    const legacy = new JwtService({
      secret: s,
      signOptions: { algorithm: 'HS256', issuer: 'tierwatch' },
    }).sign({
      sub: 'old',
      roles: ['regulator'],
    });
    const error = await rejection(new TokenService(AppConfig.load({ AUTH_JWT_SECRET: s })).verify(legacy));
    expect(error.code).toBe(ErrorCode.Unauthorized);
    expect(error.message).toMatch(/regulator token needs the regions/);
  });

  it('needs an inspector id for an inspector and a uscc (alone) for an enterprise', () => {
    expect(() => service.issue({ subject: 'i', roles: [Role.Inspector] })).toThrow(/inspector id/);
    expect(() => service.issue({ subject: 'e', roles: [Role.Enterprise] })).toThrow(
      /needs the enterprise uscc/,
    );
    expect(() =>
      service.issue({ subject: 'e', roles: [Role.Enterprise, Role.Ingest], uscc: '91350100M000100Y43' }),
    ).toThrow(/enterprise role only/);
  });

  it('answers another enterprise as not found', () => {
    const own = { subject: 'e', roles: [Role.Enterprise], uscc: '91350100M000100Y43' };
    expect(() => assertCanReadEnterprise(own, '91350100M000100Y43')).not.toThrow();
    expect(() => assertCanReadEnterprise(own, '911100001000000001')).toThrow(/no enterprise/);
  });
});

describe('TokenService (identity provider, JWKS)', () => {
  let server: Server;
  let url: string;
  let sign: (
    claims: Record<string, unknown>,
    options?: { issuer?: string; audience?: string },
  ) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(options.issuer ?? 'https://idp.example')
        .setAudience(options.audience ?? 'tierwatch')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const service = () =>
    new TokenService(
      AppConfig.load({
        AUTH_JWT_SECRET: secret(),
        AUTH_JWKS_URL: url,
        AUTH_JWKS_ISSUER: 'https://idp.example',
        AUTH_JWKS_AUDIENCE: 'tierwatch',
        AUTH_JWKS_CLAIMS:
          '{"roles":"realm_access.roles","regions":"tw.regions","subject":"preferred_username"}',
      }),
    );

  it('accepts a provider token and maps its claims', async () => {
    const token = await sign({
      sub: 'f3a1',
      preferred_username: 'zhang.wei',
      realm_access: { roles: ['regulator', 'offline_access'] },
      tw: { regions: ['3301'] },
    });
    expect(await service().verify(token)).toEqual({
      subject: 'zhang.wei',
      roles: [Role.Regulator],
      regions: ['3301'],
      uscc: undefined,
      inspectorId: undefined,
    });
  });

  it('refuses a provider token for another audience or issuer', async () => {
    const claims = { preferred_username: 'x', realm_access: { roles: ['admin'] } };
    for (const token of [
      await sign(claims, { audience: 'other-app' }),
      await sign(claims, { issuer: 'https://evil.example' }),
    ]) {
      const error = await rejection(service().verify(token));
      expect(error.code).toBe(ErrorCode.Unauthorized);
    }
  });

  it('refuses an unsigned token whatever it claims', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], iss: 'tierwatch' })).toString(
      'base64url',
    );
    const error = await rejection(service().verify(`${header}.${body}.`));
    expect(error.code).toBe(ErrorCode.Unauthorized);
  });
});
