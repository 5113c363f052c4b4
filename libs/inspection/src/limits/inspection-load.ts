import { LimitItem, OPEN_TASK_STATUSES, OpenTaskWindow } from '@app/domain';
import type { EntityManager } from 'typeorm';

/** A DataSource or an EntityManager (inside a transaction). */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * The calendar year (Asia/Shanghai) a task counts in: of its result when it has one, otherwise of its
 * scheduled start — an open task is a visit to come and counts already.
 */
export const TASK_YEAR_SQL = `to_char(coalesce(t.result_at, t.scheduled_start) AT TIME ZONE 'Asia/Shanghai', 'YYYY')`;

/** The departments a task's items carry (SQL, one row per department). */
export const TASK_DEPARTMENTS_SQL = `(SELECT DISTINCT btrim(x->>'department') AS department
     FROM jsonb_array_elements(CASE jsonb_typeof(t.items) WHEN 'array' THEN t.items ELSE '[]'::jsonb END) x
    WHERE coalesce(btrim(x->>'department'), '') <> '')`;

/**
 * Per enterprise, per department: the non-cancelled tasks of the year carrying an item of that
 * department (a joint visit counts once for each of its departments). `usccs` null: every enterprise
 * with a task; `departments` null: every department.
 */
export async function departmentLoads(
  q: Queryable,
  year: string,
  usccs: readonly string[] | null,
  departments: readonly string[] | null,
): Promise<Map<string, Record<string, number>>> {
  const rows: { uscc: string; department: string; visits: number }[] = await q.query(
    `SELECT t.uscc::text AS uscc, d.department, count(*)::int AS visits
       FROM inspection_tasks t CROSS JOIN LATERAL ${TASK_DEPARTMENTS_SQL} d
      WHERE t.status <> 'cancelled' AND ${TASK_YEAR_SQL} = $1
        AND ($2::bpchar[] IS NULL OR t.uscc = ANY($2::bpchar[]))
        AND ($3::text[] IS NULL OR d.department = ANY($3::text[]))
      GROUP BY 1, 2`,
    [year, usccs, departments],
  );
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const uscc = r.uscc.trim();
    const load = out.get(uscc) ?? {};
    load[r.department] = r.visits;
    out.set(uscc, load);
  }
  return out;
}

export interface LoadTask {
  id: string;
  kind: string;
  status: string;
  planId: string | null;
  departments: string[];
  scheduledStart: string;
  resultAt: string | null;
  overCap: unknown;
}

/** One enterprise's tasks counted in a year (the detail behind departmentLoads), oldest first. */
export async function loadTasks(q: Queryable, year: string, uscc: string): Promise<LoadTask[]> {
  const rows: {
    id: string;
    kind: string;
    status: string;
    plan_id: string | null;
    departments: string[];
    scheduled_start: Date;
    result_at: Date | null;
    over_cap: unknown;
  }[] = await q.query(
    `SELECT t.id, t.kind, t.status, t.plan_id, t.scheduled_start, t.result_at, t.over_cap,
            ARRAY(SELECT d.department FROM ${TASK_DEPARTMENTS_SQL} d ORDER BY 1) AS departments
       FROM inspection_tasks t
      WHERE t.uscc = $2::bpchar AND t.status <> 'cancelled' AND ${TASK_YEAR_SQL} = $1
      ORDER BY coalesce(t.result_at, t.scheduled_start), t.id`,
    [year, uscc],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    planId: r.plan_id,
    departments: r.departments,
    scheduledStart: new Date(r.scheduled_start).toISOString(),
    resultAt: r.result_at ? new Date(r.result_at).toISOString() : null,
    overCap: r.over_cap ?? null,
  }));
}

/** Open tasks whose window [scheduled start, due] meets [start, end], per enterprise. */
export async function openTaskWindows(
  q: Queryable,
  start: Date,
  end: Date,
): Promise<Map<string, OpenTaskWindow[]>> {
  const rows: { id: string; uscc: string; items: unknown; scheduled_start: Date; due_at: Date }[] =
    await q.query(
      `SELECT t.id, t.uscc::text AS uscc, t.items, t.scheduled_start, t.due_at FROM inspection_tasks t
        WHERE t.status = ANY($3::text[]) AND t.scheduled_start <= $2 AND t.due_at >= $1`,
      [start, end, OPEN_TASK_STATUSES],
    );
  const out = new Map<string, OpenTaskWindow[]>();
  for (const r of rows) {
    const uscc = r.uscc.trim();
    const list = out.get(uscc) ?? [];
    list.push({
      id: r.id,
      items: Array.isArray(r.items)
        ? (r.items as LimitItem[]).filter((i) => typeof i?.name === 'string')
        : [],
      scheduledStart: new Date(r.scheduled_start).toISOString(),
      dueAt: new Date(r.due_at).toISOString(),
    });
    out.set(uscc, list);
  }
  return out;
}
