import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A re-tier run confirms what did not change instead of writing it again (issue #17 §8). Each
 * assessment carries a content key (the rule set and version, the input digest, the outcome, the
 * records behind every fired rule and override, the next change date), and each enterprise the key
 * of its current assessment. When a run computes the same key, the assessment it would write is the
 * current one, word for word: the run appends a narrow confirmation (run, enterprise, the assessment
 * it confirms, the run's as-of date and when the facts were read) instead of a second copy of the
 * explanation, and leaves the register row alone (before, every run rewrote every enterprise row and
 * about 1.8 KB of WAL per enterprise). `run_assessments` is what each run decided for each
 * enterprise, written or confirmed: the run-level reads go through it.
 */
export class ConfirmedAssessments1765930000000 implements MigrationInterface {
  name = 'ConfirmedAssessments1765930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessments ADD COLUMN content_key text`);
    await q.query(`ALTER TABLE enterprises ADD COLUMN current_content_key text`);
    await q.query(`ALTER TABLE assessment_run_chunks ADD COLUMN confirmed integer NOT NULL DEFAULT 0`);
    // Like assessments: append-only, and no per-row foreign-key checks (enterprises and assessments
    // are never deleted; a run's chunk writes these in one COPY).
    await q.query(`
      CREATE TABLE assessment_confirmations (
        run_id uuid NOT NULL,
        uscc char(18) COLLATE "C" NOT NULL,
        assessment_id uuid NOT NULL,
        as_of timestamptz NOT NULL,
        facts_known_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, uscc)
      )`);
    await q.query(`
      CREATE TRIGGER assessment_confirmations_append_only BEFORE UPDATE OR DELETE ON assessment_confirmations
      FOR EACH ROW EXECUTE FUNCTION tierwatch_refuse_change()`);
    await q.query(`
      CREATE VIEW run_assessments AS
        SELECT a.run_id, a.uscc, a.id AS assessment_id, false AS confirmed, a.as_of, a.facts_known_at,
               a.tier, a.score, a.input_digest, a.rule_set_kind, a.rule_set_version, a.facts, a.failure_reason
          FROM assessments a WHERE a.run_id IS NOT NULL
        UNION ALL
        SELECT c.run_id, c.uscc, c.assessment_id, true, c.as_of, c.facts_known_at,
               a.tier, a.score, a.input_digest, a.rule_set_kind, a.rule_set_version, a.facts, a.failure_reason
          FROM assessment_confirmations c JOIN assessments a ON a.id = c.assessment_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW run_assessments`);
    await q.query(`DROP TABLE assessment_confirmations`);
    await q.query(`ALTER TABLE assessment_run_chunks DROP COLUMN confirmed`);
    await q.query(`ALTER TABLE enterprises DROP COLUMN current_content_key`);
    await q.query(`ALTER TABLE assessments DROP COLUMN content_key`);
  }
}
