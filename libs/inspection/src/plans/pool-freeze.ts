import { AuditService } from '@app/audit';
import {
  canonicalJson,
  digestIndexedPool,
  DrawType,
  IndexedPool,
  indexPool,
  PoolEntry,
  SeedSource,
  sha256Hex,
  StratumSpec,
} from '@app/domain';
import { DataSource } from 'typeorm';

/**
 * The pool freeze of a plan (docs/sampling.md §11): the inputs of the draw are committed to the audit
 * chain before its seed exists, so that nobody can pick a seed knowing the pool, nor change the pool
 * knowing the seed; and the check that a stored plan was drawn that way.
 */

export const POOL_FROZEN = 'inspection_plan.pool_frozen';
export const PLAN_CREATED = 'inspection_plan.created';

export interface PoolFreeze {
  planId: string;
  name: string;
  scope: Record<string, unknown>;
  drawType: DrawType;
  frequencyVersion: string;
  pool: readonly PoolEntry[];
  strata: readonly StratumSpec[];
  roster: unknown;
  previousAssignments: unknown;
  seedSource: SeedSource;
  actor: string;
}

/**
 * Orders and digests the pool (once: the draw reuses the ordering) and appends the digests of the
 * pool, the roster and the previous assignments to the audit chain in a transaction of its own,
 * committed when this returns.
 */
export async function freezePool(
  dataSource: DataSource,
  audit: AuditService,
  input: PoolFreeze,
): Promise<{ poolDigest: string; indexed: IndexedPool }> {
  const indexed = indexPool(
    input.pool,
    input.strata.map((s) => s.tier),
  );
  const poolDigest = digestIndexedPool(indexed);
  await dataSource.transaction((m) =>
    audit.append(m, [
      {
        actor: input.actor,
        action: POOL_FROZEN,
        entityType: 'inspection_plan',
        entityId: input.planId,
        data: {
          name: input.name,
          scope: input.scope,
          drawType: input.drawType,
          frequencyVersion: input.frequencyVersion,
          poolDigest,
          pool: input.pool.length,
          rosterDigest: sha256Hex(canonicalJson(input.roster)),
          previousAssignmentsDigest: sha256Hex(canonicalJson(input.previousAssignments)),
          seedSource: input.seedSource,
        },
      },
    ]),
  );
  return { poolDigest, indexed };
}

/**
 * The plan's audit entries must show the pool frozen, with this digest, before the plan was created
 * with its seed: the mismatches if not.
 */
export async function checkFrozenPool(
  dataSource: DataSource,
  planId: string,
  poolDigest: string,
): Promise<{ path: string; message: string }[]> {
  const entries: { action: string; pool_digest: string | null }[] = await dataSource.query(
    `SELECT action, data->>'poolDigest' AS pool_digest FROM audit_log
      WHERE entity_type = 'inspection_plan' AND entity_id = $1 AND action IN ($2, $3)
      ORDER BY id`,
    [planId, POOL_FROZEN, PLAN_CREATED],
  );
  const frozen = entries.findIndex((e) => e.action === POOL_FROZEN);
  const created = entries.findIndex((e) => e.action === PLAN_CREATED);
  if (frozen < 0 || created < frozen) {
    return [
      { path: 'audit', message: 'the audit chain does not show the pool frozen before the seed was drawn' },
    ];
  }
  if (entries[frozen].pool_digest !== poolDigest) {
    return [
      {
        path: 'audit.poolDigest',
        message: `the pool frozen in the audit chain digests to ${entries[frozen].pool_digest}, the plan's to ${poolDigest}`,
      },
    ];
  }
  return [];
}
