import { DomainError, ErrorCode } from '@app/domain';
import { NATIONAL, Principal, Role } from '@app/tokens';

/**
 * The regions a principal may see: null for all of them (admin, a national regulator, and roles
 * that are not region-bound such as rule authors), otherwise the list of division-code prefixes.
 */
export function regionScope(principal: Principal): string[] | null {
  if (principal.roles.includes(Role.Admin)) return null;
  if (!principal.roles.includes(Role.Regulator)) return null;
  const regions = principal.regions ?? [];
  if (regions.includes(NATIONAL)) return null;
  // A regulator without regions never gets this far (refused when its token is read); stay closed.
  return regions;
}

/** Whether a six-digit region code (or a longer prefix) lies inside the principal's regions. */
export function coversRegion(principal: Principal, code: string): boolean {
  const scope = regionScope(principal);
  return scope === null || scope.some((prefix) => code.startsWith(prefix));
}

/**
 * The regions a list should show: the principal's own, or the asked `region` prefix when it lies
 * inside them (403 naming the prefix otherwise). null = no filter.
 */
export function narrowRegions(principal: Principal, requested: string | undefined): string[] | null {
  if (requested === undefined) return regionScope(principal);
  assertCoversScope(principal, requested);
  return [requested];
}

/**
 * A scope of work (plan, run, import) must lie inside the principal's regions: a prefix covered by
 * one of them. `undefined` is the whole country. 403 naming the prefix otherwise.
 */
export function assertCoversScope(principal: Principal, prefix: string | undefined): void {
  const scope = regionScope(principal);
  if (scope === null) return;
  if (prefix === undefined) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `a national scope is outside your regions (${scope.join(', ')}); name a region prefix`,
      [{ path: 'scope', message: `must lie inside ${scope.join(', ')}` }],
    );
  }
  if (!scope.some((own) => prefix.startsWith(own))) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `region ${prefix} is outside your regions (${scope.join(', ')})`,
      [{ path: 'region', message: `${prefix} is outside ${scope.join(', ')}` }],
    );
  }
}

/** SQL LIKE patterns for a region list (prefixes are digits only, so nothing needs escaping). */
export function regionPatterns(regions: string[] | null): string[] | null {
  return regions === null ? null : regions.map((r) => `${r}%`);
}
