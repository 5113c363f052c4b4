import { DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCoversScope, coversRegion, regionPatterns, regionScope } from './region-scope';
import { Principal, Role } from '@app/tokens';

/**
 * Whether a principal may see one resource: an enterprise only itself, a regulator what lies in its
 * regions, an inspector only the tasks assigned to it. Anything else is answered 404, exactly as a
 * resource that does not exist, so that no one learns what exists outside their reach.
 */
@Injectable()
export class AccessScopeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async assertEnterpriseVisible(principal: Principal, uscc: string): Promise<void> {
    const code = uscc.trim().toUpperCase();
    const notFound = () => new DomainError(ErrorCode.NotFound, `no enterprise ${code}`);
    if (principal.roles.includes(Role.Enterprise)) {
      if (principal.uscc !== code) throw notFound();
      return;
    }
    if (regionScope(principal) === null) return;
    const [row]: { region_code: string }[] = await this.dataSource.query(
      `SELECT region_code FROM enterprises WHERE uscc = $1::bpchar`,
      [code],
    );
    if (!row || !coversRegion(principal, row.region_code)) throw notFound();
  }

  async assertTaskVisible(principal: Principal, taskId: string): Promise<void> {
    const notFound = () => new DomainError(ErrorCode.NotFound, `no inspection task ${taskId}`);
    const admin = principal.roles.includes(Role.Admin);
    const regulator = principal.roles.includes(Role.Regulator);
    if (admin || (regulator && regionScope(principal) === null)) return;
    const [row]: { region_code: string | null; inspector_ids: string[] }[] = await this.dataSource.query(
      `SELECT e.region_code, t.inspector_ids FROM inspection_tasks t LEFT JOIN enterprises e ON e.uscc = t.uscc
        WHERE t.id = $1::uuid`,
      [taskId],
    );
    if (!row) throw notFound();
    const asRegulator = regulator && row.region_code !== null && coversRegion(principal, row.region_code);
    const asInspector =
      principal.roles.includes(Role.Inspector) &&
      principal.inspectorId !== undefined &&
      row.inspector_ids.includes(principal.inspectorId);
    if (!asRegulator && !asInspector) throw notFound();
  }

  /** The codes of a list that lie outside the principal's regions (unknown codes count as outside). */
  async enterprisesOutside(principal: Principal, usccs: readonly string[]): Promise<string[]> {
    const scope = regionScope(principal);
    if (scope === null) return [];
    const inside: { uscc: string }[] = await this.dataSource.query(
      `SELECT uscc::text AS uscc FROM enterprises
        WHERE uscc = ANY ($1::bpchar[]) AND region_code LIKE ANY ($2::text[])`,
      [usccs, regionPatterns(scope)],
    );
    const seen = new Set(inside.map((r) => r.uscc.trim()));
    return usccs.filter((u) => !seen.has(u));
  }

  /** A plan is visible when its scope lies inside the principal's regions (national plans: national only). */
  assertScopeVisible(principal: Principal, prefix: string | undefined, what: string, id: string): void {
    const scope = regionScope(principal);
    if (scope === null) return;
    if (prefix === undefined || !scope.some((own) => prefix.startsWith(own))) {
      throw new DomainError(ErrorCode.NotFound, `no ${what} ${id}`);
    }
  }

  /**
   * The scope of a run, simulation or other population-wide job lies inside the principal's
   * regions: a region prefix, all (national only) or a list of codes. Outside → 403 naming the
   * prefix or the codes.
   */
  async assertScopeCovered(
    principal: Principal,
    scope: { type: string; prefix?: string; usccs?: readonly string[] },
  ): Promise<void> {
    if (scope.type === 'region') return assertCoversScope(principal, scope.prefix);
    if (scope.type !== 'uscc') return assertCoversScope(principal, undefined);
    const outside = await this.enterprisesOutside(principal, scope.usccs ?? []);
    if (outside.length > 0) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `${outside.length} enterprise(s) of the scope are outside your regions (${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''})`,
        outside.slice(0, 100).map((u) => ({ path: 'scope.usccs', message: `${u} is outside your regions` })),
      );
    }
  }
}
