import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enterprises without a tier, by code: the daily run's scope (`due`) reads them, the due by
 * date and the marked through indexes instead of the whole register (issue #17 §7).
 */
export class UntieredIndex1765935000000 implements MigrationInterface {
  name = 'UntieredIndex1765935000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS ix_enterprises_untiered ON enterprises (uscc) WHERE current_tier IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_enterprises_untiered`);
  }
}
