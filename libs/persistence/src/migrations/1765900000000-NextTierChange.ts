import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incremental re-tiering (issue #17 §7): each assessment stores the next date on which one of its
 * facts changes by itself (a record leaves its window, a later-dated record comes into force, the
 * next year in business), and each enterprise carries the date of its current assessment, so the
 * daily run re-tiers only the enterprises whose date has come or whose records changed.
 */
export class NextTierChange1765900000000 implements MigrationInterface {
  name = 'NextTierChange1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessments ADD COLUMN next_change_on date`);
    await q.query(`ALTER TABLE enterprises ADD COLUMN next_tier_change_on date`);
    await q.query(
      `CREATE INDEX ix_enterprises_next_tier_change ON enterprises (next_tier_change_on) WHERE next_tier_change_on IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_enterprises_next_tier_change`);
    await q.query(`ALTER TABLE enterprises DROP COLUMN next_tier_change_on`);
    await q.query(`ALTER TABLE assessments DROP COLUMN next_change_on`);
  }
}
