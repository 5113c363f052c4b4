import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily run's due dates out of the register's indexes (issue #17 §7). Indexed on `enterprises`,
 * the next change date and the untiered condition (on `current_tier`) made every written assessment
 * update its register row outside HOT: a new entry in each of the register's indexes (its name's
 * trigram index among them) on the enterprise's own, scattered pages. Measured on 10,000 scattered
 * enterprises: 148–186 MB of WAL and 1.55–1.73 s, against 93 MB and 1.13–1.16 s without them.
 *
 * `tiering_due` is an append-only log of (date, enterprise), kept by statement triggers on the
 * register whoever writes it: a row for each next change date a register row takes, and one dated
 * -infinity for each enterprise that enters the register (or is reset) without a tier, dropped
 * after a run once it has a tier. A dated row says "look at this enterprise on that date": the daily
 * run's scope takes the enterprises of the rows dated by its date that are still due by a date;
 * after a run, the rows of passed dates whose enterprise is not (it has had another date since) are
 * dropped.
 */
export class TieringDue1765936000000 implements MigrationInterface {
  name = 'TieringDue1765936000000';

  async up(q: QueryRunner): Promise<void> {
    // No writer between the backfill and the triggers.
    await q.query(`LOCK TABLE enterprises IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE tiering_due (
        due_on date NOT NULL,
        uscc char(18) COLLATE "C" NOT NULL
      )`);
    // By date, the enterprise only included: a run appends its rows beside those of the same date
    // (ordered by date, then by where they sit in the table) instead of at each code's place.
    await q.query(
      `CREATE INDEX ix_tiering_due_dates ON tiering_due (due_on) INCLUDE (uscc) WHERE due_on > '-infinity'`,
    );
    // The untiered by code: the prune after a run drops those that have a tier.
    await q.query(`CREATE INDEX ix_tiering_due_untiered ON tiering_due (uscc) WHERE due_on = '-infinity'`);
    await q.query(`
      INSERT INTO tiering_due (due_on, uscc)
      SELECT next_tier_change_on, uscc FROM enterprises WHERE next_tier_change_on IS NOT NULL
      UNION ALL SELECT '-infinity', uscc FROM enterprises WHERE current_tier IS NULL
      ORDER BY 1, 2`);
    await q.query(`
      CREATE FUNCTION tiering_due_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO tiering_due (due_on, uscc)
        SELECT '-infinity', uscc FROM new_rows WHERE current_tier IS NULL
        UNION ALL SELECT next_tier_change_on, uscc FROM new_rows WHERE next_tier_change_on IS NOT NULL;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tiering_due_insert AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION tiering_due_inserted()`);
    // Whichever statement moves a date or takes a tier away (a run's chunk, a single re-tier, a
    // reset): the new date is appended, or an untiered row. A first tier leaves its untiered row to
    // the prune after the run (deleted here, one scattered row at a time, a first tiering of 1M
    // took 133 s instead of 53–66 s on a slowed host: 73 ms per 2,000).
    await q.query(`
      CREATE FUNCTION tiering_due_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH moved AS MATERIALIZED (
          SELECT n.uscc, n.next_tier_change_on AS next,
                 o.next_tier_change_on IS DISTINCT FROM n.next_tier_change_on AS redated,
                 o.current_tier IS NOT NULL AND n.current_tier IS NULL AS untiered
            FROM new_rows n JOIN old_rows o ON o.uscc = n.uscc
           WHERE o.next_tier_change_on IS DISTINCT FROM n.next_tier_change_on
              OR (o.current_tier IS NOT NULL AND n.current_tier IS NULL))
        INSERT INTO tiering_due (due_on, uscc)
        SELECT next, uscc FROM moved WHERE redated AND next IS NOT NULL
        UNION ALL SELECT '-infinity', uscc FROM moved WHERE untiered;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tiering_due_update AFTER UPDATE ON enterprises
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION tiering_due_updated()`);
    await q.query(`DROP INDEX IF EXISTS ix_enterprises_untiered`);
    await q.query(`DROP INDEX IF EXISTS ix_enterprises_next_tier_change`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_enterprises_next_tier_change ON enterprises (next_tier_change_on) WHERE next_tier_change_on IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_enterprises_untiered ON enterprises (uscc) WHERE current_tier IS NULL`);
    await q.query(`DROP TRIGGER tiering_due_update ON enterprises`);
    await q.query(`DROP FUNCTION tiering_due_updated()`);
    await q.query(`DROP TRIGGER tiering_due_insert ON enterprises`);
    await q.query(`DROP FUNCTION tiering_due_inserted()`);
    await q.query(`DROP TABLE tiering_due`);
  }
}
