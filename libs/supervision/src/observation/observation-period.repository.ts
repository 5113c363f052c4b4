import type { EntityManager } from 'typeorm';

/**
 * The writes of observation periods (table observation_periods: one row per period, never deleted).
 * Each is guarded in SQL, so a concurrent writer or a retried job never opens a second period or
 * ends one twice; only the rows actually changed come back, for the audit.
 */

export type PeriodSource = 'rule' | 'regulator';
export type PeriodEndSource = 'rule' | 'regulator' | 'expiry' | 'trigger' | 'red_line';

export interface PeriodStart {
  id: string;
  uscc: string;
  source: PeriodSource;
  startedOn: string;
  endsOn: string;
  reason: string;
  ruleVersion: string | null;
  detail: Record<string, unknown>;
  by: string;
}

export interface PeriodEnd {
  id: string;
  endedOn: string;
  source: PeriodEndSource;
  reason: string;
  ruleVersion: string | null;
  detail: Record<string, unknown>;
  by: string;
}

/**
 * Opens periods. `firstOnly`: only for enterprises that never had one (the automatic entry: a period
 * that ended returns the enterprise to normal supervision for good, unless a regulator starts one).
 */
export async function insertPeriods(
  m: EntityManager,
  starts: PeriodStart[],
  firstOnly: boolean,
): Promise<{ id: string; uscc: string }[]> {
  if (starts.length === 0) return [];
  return m.query(
    `INSERT INTO observation_periods (id, uscc, source, started_on, ends_on, start_reason, start_rule_version,
                                      start_detail, started_by)
     SELECT x.id, x.uscc, x.source, x.started_on, x.ends_on, x.reason, x.rule_version, x.detail, x.by
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, uscc char(18), source text, started_on date, ends_on date,
            reason text, rule_version text, detail jsonb, by text)
      WHERE NOT ($2::boolean AND EXISTS (SELECT 1 FROM observation_periods h WHERE h.uscc = x.uscc))
     ON CONFLICT (uscc) WHERE ended_at IS NULL DO NOTHING
     RETURNING id::text, uscc::text`,
    [
      JSON.stringify(
        starts.map((s) => ({
          id: s.id,
          uscc: s.uscc,
          source: s.source,
          started_on: s.startedOn,
          ends_on: s.endsOn,
          reason: s.reason,
          rule_version: s.ruleVersion,
          detail: s.detail,
          by: s.by,
        })),
      ),
      firstOnly,
    ],
  );
}

/** Ends open periods; `onlySources` limits which starts may be ended (the automatic exit: rule only). */
export async function endPeriods(
  m: EntityManager,
  ends: PeriodEnd[],
  onlySources: PeriodSource[] = ['rule', 'regulator'],
): Promise<{ id: string; uscc: string; source: PeriodSource }[]> {
  if (ends.length === 0) return [];
  return m.query(
    // (a bare UPDATE … RETURNING comes back from TypeORM as [rows, count]; the CTE returns rows)
    `WITH ended AS (
       UPDATE observation_periods p
          SET ended_at = now(), ended_on = x.ended_on, end_source = x.source, end_reason = x.reason,
              end_rule_version = x.rule_version, end_detail = x.detail, ended_by = x.by
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, ended_on date, source text, reason text,
              rule_version text, detail jsonb, by text)
        WHERE p.id = x.id AND p.ended_at IS NULL AND p.source = ANY($2::text[])
        RETURNING p.id::text AS id, p.uscc::text AS uscc, p.source)
     SELECT * FROM ended`,
    [
      JSON.stringify(
        ends.map((e) => ({
          id: e.id,
          ended_on: e.endedOn,
          source: e.source,
          reason: e.reason,
          rule_version: e.ruleVersion,
          detail: e.detail,
          by: e.by,
        })),
      ),
      onlySources,
    ],
  );
}
