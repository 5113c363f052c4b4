import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed of ingestion: every batch that changes an enterprise or its records marks the
 * enterprise here, in the batch's own transaction. One row per enterprise however many changes
 * arrive (that is the debounce); the assessment side takes marks older than its quiet period.
 */
export class ReassessmentMarks1764300000000 implements MigrationInterface {
  name = 'ReassessmentMarks1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reassessment_marks (
        uscc char(18) COLLATE "C" PRIMARY KEY,
        first_marked_at timestamptz NOT NULL DEFAULT now(),
        last_marked_at timestamptz NOT NULL DEFAULT now(),
        changes integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_reassessment_marks_last ON reassessment_marks (last_marked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reassessment_marks`);
  }
}
