import { AppConfig, JwksSettings } from '@app/config';
import { DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createRemoteJWKSet, decodeProtectedHeader, JWTPayload, jwtVerify } from 'jose';
import {
  ALL_ROLES,
  assertPrincipal,
  BUILT_IN_ISSUER,
  Principal,
  Role,
  tokenClaims,
  type TokenClaims,
} from '@app/tokens';

/**
 * Bearer tokens. The built-in issuer signs HS256 with AUTH_JWT_SECRET (development, demo, CLI);
 * in production the api also accepts the identity provider's tokens, checked against its JWKS
 * (AUTH_JWKS_URL, issuer, audience) with claims mapped by AUTH_JWKS_CLAIMS. There is no built-in
 * secret: without AUTH_JWT_SECRET nothing is issued or accepted by the built-in issuer.
 */
@Injectable()
export class TokenService {
  private builtIn?: JwtService;
  private readonly idp: { settings: JwksSettings; keys: ReturnType<typeof createRemoteJWKSet> } | null;

  constructor(private readonly config: AppConfig) {
    const settings = config.jwks;
    this.idp = settings ? { settings, keys: createRemoteJWKSet(new URL(settings.url)) } : null;
  }

  issue(principal: Principal, ttlSeconds = this.config.tokenTtlSeconds): string {
    return this.jwt().sign(tokenClaims(principal), { expiresIn: ttlSeconds });
  }

  async verify(token: string): Promise<Principal> {
    let principal: Principal;
    try {
      const alg = decodeProtectedHeader(token).alg;
      principal = alg === 'HS256' || !this.idp ? this.verifyBuiltIn(token) : await this.verifyExternal(token);
    } catch (error) {
      throw new DomainError(ErrorCode.Unauthorized, `invalid bearer token: ${(error as Error).message}`);
    }
    return assertPrincipal(principal, ErrorCode.Unauthorized);
  }

  private verifyBuiltIn(token: string): Principal {
    const claims = this.jwt().verify<TokenClaims>(token);
    return principalOf(claims as unknown as JWTPayload, {
      subject: 'sub',
      roles: 'roles',
      regions: 'regions',
      uscc: 'uscc',
      inspector: 'inspector',
    });
  }

  private async verifyExternal(token: string): Promise<Principal> {
    const { settings, keys } = this.idp!;
    const { payload } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
      // A token that never expires is refused, whatever the provider issued.
      requiredClaims: ['exp'],
    });
    return principalOf(payload, settings.claims);
  }

  private jwt(): JwtService {
    this.builtIn ??= new JwtService({
      secret: this.config.jwtSecret,
      signOptions: { algorithm: 'HS256', issuer: BUILT_IN_ISSUER },
      verifyOptions: { algorithms: ['HS256'], issuer: BUILT_IN_ISSUER },
    });
    return this.builtIn;
  }
}

/** Reads a principal out of verified claims; unknown roles are dropped, wrong types are refused. */
function principalOf(payload: JWTPayload, claims: JwksSettings['claims']): Principal {
  const subject = claimAt(payload, claims.subject);
  const roles = claimAt(payload, claims.roles);
  const regions = claimAt(payload, claims.regions);
  const uscc = claimAt(payload, claims.uscc);
  const inspector = claimAt(payload, claims.inspector);
  if (typeof subject !== 'string') throw new Error(`claim ${claims.subject} (subject) is required`);
  if (!Array.isArray(roles)) throw new Error(`claim ${claims.roles} (roles) must be a list`);
  if (regions !== undefined && !(Array.isArray(regions) && regions.every((r) => typeof r === 'string')))
    throw new Error(`claim ${claims.regions} (regions) must be a list of prefixes`);
  return {
    subject,
    roles: roles.filter((r): r is Role => ALL_ROLES.includes(r as Role)),
    uscc: typeof uscc === 'string' ? uscc : undefined,
    regions,
    inspectorId: typeof inspector === 'string' ? inspector : undefined,
  };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
