import { ErrorCode } from '@app/domain';
import { SignJWT } from 'jose';
import { assertPrincipal } from './principal.check';
import { Principal, Role } from './role.enum';

/** The `iss` of every token the built-in issuer signs (HS256 with AUTH_JWT_SECRET). */
export const BUILT_IN_ISSUER = 'tierwatch';

/** A built-in token's lifetime when AUTH_TOKEN_TTL_SECONDS does not say: 8 hours. */
export const DEFAULT_TOKEN_TTL_SECONDS = 8 * 3600;

/** The claims of a built-in token. */
export interface TokenClaims {
  sub: string;
  roles: Role[];
  uscc?: string;
  regions?: string[];
  inspector?: string;
}

/** A principal's claims, checked as the api will check them (a regulator needs regions, …). */
export function tokenClaims(principal: Principal): TokenClaims {
  const checked = assertPrincipal(
    { ...principal, roles: [...new Set(principal.roles)] },
    ErrorCode.ValidationFailed,
  );
  return {
    sub: checked.subject,
    roles: checked.roles,
    ...(checked.uscc ? { uscc: checked.uscc } : {}),
    ...(checked.regions?.length ? { regions: [...new Set(checked.regions)] } : {}),
    ...(checked.inspectorId ? { inspector: checked.inspectorId } : {}),
  };
}

/**
 * Signs a built-in token with nothing but jose: what `tierwatch token` uses, so that it starts
 * without Nest, TypeORM or the configuration's validators. The api's TokenService verifies it.
 */
export function signBuiltInToken(secret: string, principal: Principal, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...tokenClaims(principal) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(BUILT_IN_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
