import { MigrationInterface, QueryRunner } from 'typeorm';

/** The summary's key columns of an enterprise row: no tier (unassessed) or no previous tier as ''. */
const KEY = `region_code, industry_code, coalesce(current_tier, ''), coalesce(previous_tier, '')`;

/**
 * The tier summary (GET /tiers/summary) kept up to date instead of counted: enterprises per region,
 * industry, current tier and previous tier. Statement triggers on `enterprises` add what each
 * statement changed (its transition tables, aggregated), in the same transaction, so the summary
 * is exact whichever path changed an enterprise: a run's chunk, a single re-tier, an ingested
 * enterprise (new, or moved to another region or industry). Keys are upserted in one order, so two
 * writers wait for each other rather than deadlock. `previous_tier` is the tier an enterprise had
 * before its current assessment (set with it by the assessment writer), which the summary's "change
 * since previous" counts.
 */
export class TierSummary1765850000000 implements MigrationInterface {
  name = 'TierSummary1765850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE enterprises IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE enterprises ADD COLUMN previous_tier varchar(2)`);
    // Until now "previous" was the latest other assessment with a tier, by as-of date.
    await q.query(`
      UPDATE enterprises e SET previous_tier = p.tier
        FROM (SELECT DISTINCT ON (a.uscc) a.uscc, a.tier
                FROM assessments a JOIN enterprises x ON x.uscc = a.uscc
               WHERE a.tier IS NOT NULL AND a.id <> x.current_assessment_id
               ORDER BY a.uscc, a.as_of DESC, a.created_at DESC) p
       WHERE e.uscc = p.uscc`);
    await q.query(`
      CREATE TABLE tier_summary (
        region_code char(6) NOT NULL,
        industry_code varchar(5) NOT NULL,
        tier varchar(2) NOT NULL,
        previous_tier varchar(2) NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (region_code, industry_code, tier, previous_tier)
      )`);
    const upsert = (source: string) => `
      INSERT INTO tier_summary AS s (region_code, industry_code, tier, previous_tier, n)
      ${source}
      ORDER BY 1, 2, 3, 4
      ON CONFLICT (region_code, industry_code, tier, previous_tier) DO UPDATE SET n = s.n + EXCLUDED.n`;
    await q.query(`
      CREATE FUNCTION tier_summary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert(`SELECT ${KEY}, count(*) FROM new_rows GROUP BY 1, 2, 3, 4`)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION tier_summary_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert(`SELECT k1, k2, k3, k4, sum(d) FROM (
                    SELECT ${KEY}, 1 FROM new_rows UNION ALL SELECT ${KEY}, -1 FROM old_rows
                  ) AS x (k1, k2, k3, k4, d)
                  GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0`)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION tier_summary_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert(`SELECT ${KEY}, -count(*) FROM old_rows GROUP BY 1, 2, 3, 4`)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION tier_summary_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM tier_summary;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tier_summary_insert AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION tier_summary_inserted()`);
    await q.query(`
      CREATE TRIGGER tier_summary_update AFTER UPDATE ON enterprises
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION tier_summary_updated()`);
    await q.query(`
      CREATE TRIGGER tier_summary_delete AFTER DELETE ON enterprises REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION tier_summary_deleted()`);
    await q.query(`
      CREATE TRIGGER tier_summary_truncate AFTER TRUNCATE ON enterprises
        FOR EACH STATEMENT EXECUTE FUNCTION tier_summary_truncated()`);
    await q.query(`INSERT INTO tier_summary SELECT ${KEY}, count(*) FROM enterprises GROUP BY 1, 2, 3, 4`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER tier_summary_${event} ON enterprises`);
    }
    for (const fn of ['inserted', 'updated', 'deleted', 'truncated']) {
      await q.query(`DROP FUNCTION tier_summary_${fn}()`);
    }
    await q.query(`DROP TABLE tier_summary`);
    await q.query(`ALTER TABLE enterprises DROP COLUMN previous_tier`);
  }
}
