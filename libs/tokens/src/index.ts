// Built-in tokens without the framework: roles, principals, claims, the signing secret's checks.
// Light on purpose (jose and @app/domain only): the offline CLI's `token` loads nothing else.
export { Role, ALL_ROLES, NATIONAL, REGION_PREFIX, type Principal } from './role.enum';
export { assertPrincipal, principalProblem } from './principal.check';
export {
  BUILT_IN_ISSUER,
  DEFAULT_TOKEN_TTL_SECONDS,
  signBuiltInToken,
  tokenClaims,
  type TokenClaims,
} from './builtin-token';
export { jwtSecretProblems, KNOWN_JWT_SECRETS, MISSING_JWT_SECRET } from './jwt-secret';
