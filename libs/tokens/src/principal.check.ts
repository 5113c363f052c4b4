import { DomainError, ErrorCode } from '@app/domain';
import { ALL_ROLES, NATIONAL, Principal, REGION_PREFIX, Role } from './role.enum';

/**
 * What a principal must carry to be one: at least one known role; an enterprise its uscc and no
 * other role; a regulator the regions it covers; an inspector its roster id. Returns the problem, or
 * null. Used when a token is issued and again when one is read (tokens of an identity provider too).
 */
export function principalProblem(principal: Principal): string | null {
  const { roles } = principal;
  if (roles.length === 0) return `a token needs at least one known role (${ALL_ROLES.join(', ')})`;
  if (roles.some((r) => !ALL_ROLES.includes(r))) return 'a token carries an unknown role';
  if (!principal.subject) return 'a token needs a subject';
  if (roles.includes(Role.Enterprise)) {
    if (!principal.uscc) return 'an enterprise token needs the enterprise uscc';
    if (roles.length > 1) return 'an enterprise token carries the enterprise role only';
  }
  if (roles.includes(Role.Regulator)) {
    const regions = principal.regions ?? [];
    if (regions.length === 0)
      return `a regulator token needs the regions it covers (prefixes such as 3301, or ${NATIONAL} for national)`;
    const bad = regions.find((r) => r !== NATIONAL && !REGION_PREFIX.test(r));
    if (bad !== undefined) return `region "${bad}" is not a division-code prefix (1-6 digits) or ${NATIONAL}`;
  }
  if (roles.includes(Role.Inspector) && !principal.inspectorId)
    return 'an inspector token needs the inspector id of the roster';
  return null;
}

export function assertPrincipal(principal: Principal, code: ErrorCode): Principal {
  const problem = principalProblem(principal);
  if (problem) throw new DomainError(code, problem);
  return principal;
}
