import type { RosterInspector } from '@app/domain';
import type { DataSource } from 'typeorm';

/** Active inspectors with their conflicts and what open tasks already take of their capacity. */
export async function loadRoster(ds: DataSource, periodStart: string): Promise<RosterInspector[]> {
  const rows: {
    id: string;
    department: string;
    region_code: string;
    qualifications: string[];
    certified: boolean;
    conflict_usccs: string[];
    capacity_per_period: number;
    open: number;
  }[] = await ds.query(
    `SELECT i.id, i.department, i.region_code, i.qualifications, i.certified, i.conflict_usccs, i.capacity_per_period,
            (SELECT count(*) FROM inspection_tasks t
              WHERE t.inspector_ids @> ARRAY[i.id::text] AND t.status IN ('assigned','in_progress')
                AND t.due_at >= $1::date)::int AS open
       FROM inspectors i WHERE i.active ORDER BY i.id`,
    [periodStart],
  );
  return rows.map((r) => ({
    id: r.id,
    certified: r.certified,
    qualifications: r.qualifications,
    regions: [r.region_code],
    conflicts: r.conflict_usccs,
    capacity: r.capacity_per_period,
    assignedInPeriod: r.open,
    department: r.department,
  }));
}

/** The inspectors of each enterprise's latest task (of those given, or all): not drawn again next time. */
export async function previousAssignments(
  ds: DataSource,
  usccs?: string[],
): Promise<Record<string, string[]>> {
  const rows: { uscc: string; inspector_ids: string[] }[] = await ds.query(
    `SELECT DISTINCT ON (uscc) uscc::text AS uscc, inspector_ids FROM inspection_tasks
        WHERE inspector_ids <> '{}' AND status <> 'cancelled' AND ($1::bpchar[] IS NULL OR uscc = ANY($1::bpchar[]))
        ORDER BY uscc, created_at DESC`,
    [usccs ?? null],
  );
  return Object.fromEntries(rows.map((r) => [r.uscc, r.inspector_ids]));
}
