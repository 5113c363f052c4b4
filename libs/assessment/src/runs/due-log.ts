import { DataSource } from 'typeorm';

/**
 * Maintenance of the due log `tiering_due` (migration 1765936000000), after a run as of `asOf`, off
 * its path (the worker's finish job; `runInline` unless told not to). Drops the rows dated by `asOf`
 * whose enterprise is no longer due by a date (it has had another since) and the untiered rows of
 * enterprises that have a tier now, then vacuums the log. The daily scope skips such rows anyway;
 * dropped, they cost it nothing. A later-dated row whose enterprise has since had another date stays
 * until its date has passed, unless `later` (after a run of every enterprise, whatever its date: the
 * monthly run, or one asked for): then every row dated after `asOf` that is not its enterprise's
 * next change date goes too, so the log holds about one row per enterprise after each full run (it
 * grew by one row per written assessment, kept up to a year). Returns how many dated rows were
 * dropped.
 */
export async function pruneDueLog(
  dataSource: DataSource,
  asOf: string,
  options: { later?: boolean } = {},
): Promise<number> {
  // The register rows by key as an array (`= ANY(ARRAY(…))`): the planner cannot misjudge the sets
  // into a scan of the register.
  const [, deleted]: [unknown, number] = await dataSource.query(
    `WITH dated AS MATERIALIZED (
       SELECT e.uscc FROM enterprises e
        WHERE e.uscc = ANY(ARRAY(SELECT x.uscc FROM tiering_due x
                                  WHERE x.due_on > '-infinity' AND x.due_on <= $1::date))
          AND e.next_tier_change_on <= $1::date),
     untiered AS MATERIALIZED (
       SELECT e.uscc FROM enterprises e
        WHERE e.uscc = ANY(ARRAY(SELECT x.uscc FROM tiering_due x WHERE x.due_on = '-infinity'))
          AND e.current_tier IS NULL),
     tiered AS (
       DELETE FROM tiering_due d WHERE d.due_on = '-infinity' AND d.uscc NOT IN (SELECT uscc FROM untiered))
     DELETE FROM tiering_due d
      WHERE d.due_on > '-infinity' AND d.due_on <= $1::date AND d.uscc NOT IN (SELECT uscc FROM dated)`,
    [asOf],
  );
  let later = 0;
  if (options.later) {
    // Statistics of the log as it is now: after a first tiering of everyone (a row per enterprise
    // just appended) the old ones made the planner probe the register once per row (12 s at 1M).
    await dataSource.query(`ANALYZE tiering_due`);
    // Every later-dated row against the register (a hash anti-join: two scans, 1.5 s at 1M). A
    // writer's new date is appended in the transaction that sets it: a row this statement cannot
    // see yet is not deleted, and one it sees has its enterprise's date beside it.
    [, later] = await dataSource.query(
      `DELETE FROM tiering_due d
        WHERE d.due_on > $1::date
          AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.uscc = d.uscc AND e.next_tier_change_on = d.due_on)`,
      [asOf],
    );
  }
  // Its dead rows out of its indexes and its statistics current: the daily scope reads it through
  // them (stale after a first tiering of everyone, the planner read 2M rows for none).
  await dataSource.query(`VACUUM (ANALYZE) tiering_due`);
  return deleted + later;
}
