import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an assessment's facts were read. An assessment computed from older facts must not replace,
 * as an enterprise's current tier, one computed from newer facts (a slow batch finishing after a
 * quick re-assessment triggered by a change).
 */
export class AssessmentKnownAt1764400000000 implements MigrationInterface {
  name = 'AssessmentKnownAt1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessments ADD COLUMN facts_known_at timestamptz`);
    // Back-filling is a schema change, not a rewrite of history: the append-only guard steps aside
    // for this one statement, inside the migration's transaction.
    await q.query(`ALTER TABLE assessments DISABLE TRIGGER assessments_append_only`);
    await q.query(`UPDATE assessments SET facts_known_at = created_at`);
    await q.query(`ALTER TABLE assessments ENABLE TRIGGER assessments_append_only`);
    await q.query(`ALTER TABLE assessments ALTER COLUMN facts_known_at SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessments DROP COLUMN facts_known_at`);
  }
}
