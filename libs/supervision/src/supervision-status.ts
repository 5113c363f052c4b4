import type { DataSource, EntityManager } from 'typeorm';

/** Why an enterprise is out of random draws on a date: in an observation period (or a sandbox). */
export type SupervisionStatus = 'in_observation' | 'in_sandbox';

/**
 * Every enterprise in an observation period on `date` (YYYY-MM-DD) — one set-based query for a whole
 * plan pool. Periods are few (new business forms only), so the whole set is read, not the pool's codes.
 */
export async function supervisionStatusOn(
  db: DataSource | EntityManager,
  date: string,
): Promise<Map<string, SupervisionStatus>> {
  const rows: { uscc: string; status: SupervisionStatus }[] = await db.query(
    `SELECT uscc::text AS uscc, 'in_observation' AS status FROM observation_periods
      WHERE ended_at IS NULL AND started_on <= $1::date AND ends_on >= $1::date`,
    [date],
  );
  return new Map(rows.map((r) => [r.uscc.trim(), r.status]));
}
