import type { DataSource, EntityManager } from 'typeorm';

/** Why an enterprise is out of random draws on a date: in an observation period (or a sandbox). */
export type SupervisionStatus = 'in_observation' | 'in_sandbox';

/**
 * Every enterprise in an observation period or a sandbox on `date` (YYYY-MM-DD) — one set-based query for a whole
 * plan pool. Periods and enrolments are few, so the whole set is read, not the pool's codes.
 */
export async function supervisionStatusOn(
  db: DataSource | EntityManager,
  date: string,
): Promise<Map<string, SupervisionStatus>> {
  // An enterprise in both counts as in observation.
  const rows: { uscc: string; status: SupervisionStatus }[] = await db.query(
    `SELECT uscc::text AS uscc, 'in_sandbox' AS status FROM sandbox_enrolments
      WHERE exited_at IS NULL AND starts_on <= $1::date AND ends_on >= $1::date
     UNION ALL
     SELECT uscc::text AS uscc, 'in_observation' AS status FROM observation_periods
      WHERE ended_at IS NULL AND started_on <= $1::date AND ends_on >= $1::date`,
    [date],
  );
  const status = new Map<string, SupervisionStatus>();
  for (const r of rows) {
    const uscc = r.uscc.trim();
    if (r.status === 'in_observation' || !status.has(uscc)) status.set(uscc, r.status);
  }
  return status;
}
