import { makeUscc } from '@app/domain';
import type { FuzzWorld } from './fuzz-cases';

/** Runs SQL on the api's database and returns the rows. */
export type FuzzSql = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** The tables no bad input may change. */
export const GUARDED_TABLES = [
  'enterprises',
  'credit_records',
  'risk_records',
  'inspectors',
  'inspection_plans',
  'inspection_tasks',
  'assessment_runs',
  'observation_periods',
  'sandbox_enrolments',
  'investment_events',
  'investment_lights',
  'investment_warnings',
  'ownership_links',
  'repair_applications',
] as const;

/** Row count and a digest of every row, per guarded table. */
export async function snapshot(sql: FuzzSql): Promise<Record<string, string>> {
  const columns = GUARDED_TABLES.map(
    (t) =>
      `(SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM ${t} x) AS ${t}`,
  );
  const [row] = await sql(`SELECT ${columns.join(', ')}`);
  return row as Record<string, string>;
}

/** The tables whose snapshot differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return GUARDED_TABLES.filter((t) => before[t] !== after[t]);
}

const TASK_IDS = {
  assigned: '6f1d1d10-0000-4000-8000-00000000f001',
  inProgress: '6f1d1d10-0000-4000-8000-00000000f002',
  done: '6f1d1d10-0000-4000-8000-00000000f003',
};

/**
 * A small valid world for the bad inputs to aim at: four registered enterprises (through the API)
 * and three inspection tasks (assigned, in progress, done) written directly.
 */
export async function prepareWorld(baseUrl: string, token: string, sql: FuzzSql): Promise<FuzzWorld> {
  const usccs = [1, 2, 3, 4].map((i) => makeUscc({ region: '350100', orgBody: `FX00000${i}` }));
  const rows = usccs.map((uscc, i) => ({
    uscc,
    name: `模糊测试企业${i + 1}有限公司`,
    regionCode: '350100',
    industryCode: 'I6513',
    establishedOn: '2015-06-01',
    registeredCapital: '1000000',
  }));
  const res = await fetch(`${baseUrl}/api/v1/enterprises`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  if (res.status !== 200)
    throw new Error(`fuzz world: enterprises answered ${res.status}: ${await res.text()}`);
  const now = Date.now();
  const day = 86_400_000;
  for (const [status, id] of [
    ['assigned', TASK_IDS.assigned],
    ['in_progress', TASK_IDS.inProgress],
    ['done', TASK_IDS.done],
  ]) {
    await sql(
      `INSERT INTO inspection_tasks (id, uscc, kind, status, inspector_ids, items, scheduled_start, due_at, trigger_reason, result, result_at)
       VALUES ($1, $2, 'triggered', $3, '{FZ-I-1,FZ-I-2}', '[{"name":"食品安全","type":"key"}]', $4, $5, 'fuzz', $6, $7)
       ON CONFLICT (id) DO NOTHING`,
      [
        id,
        usccs[0],
        status,
        new Date(now - day),
        new Date(now + 30 * day),
        status === 'done' ? JSON.stringify({ outcome: 'compliant', findings: [] }) : null,
        status === 'done' ? new Date(now) : null,
      ],
    );
  }
  return {
    usccs,
    unregisteredUscc: makeUscc({ region: '350100', orgBody: 'FX999999' }),
    tasks: TASK_IDS,
  };
}
