import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-tier runs: a run over a scope (all, region prefix, industry prefix, a list of codes) as of a
 * date, split into chunks that the worker assesses as BullMQ jobs. A chunk is marked done in the
 * same transaction that appends its assessments, and an enterprise can hold only one assessment per
 * run (unique index), so a retried chunk never assesses anyone twice and a lost one is visible.
 */
export class AssessmentRuns1764500000000 implements MigrationInterface {
  name = 'AssessmentRuns1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope jsonb NOT NULL,
        as_of date NOT NULL,
        trigger varchar(32) NOT NULL CHECK (trigger IN ('scheduled','record_change','rule_publication','manual')),
        rule_set_kind varchar(32) NOT NULL,
        rule_set_version varchar(32) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued','planning','running','completed','cancelling','cancelled','failed')),
        chunk_size integer NOT NULL CHECK (chunk_size > 0),
        total integer,
        requested_by varchar(128) NOT NULL,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        cancel_requested_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_assessment_runs_created ON assessment_runs (created_at DESC)`);
    await q.query(`
      CREATE TABLE assessment_run_chunks (
        run_id uuid NOT NULL REFERENCES assessment_runs (id),
        chunk_no integer NOT NULL,
        usccs text[] NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','skipped')),
        assessed integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        tiers jsonb NOT NULL DEFAULT '{}',
        transitions jsonb NOT NULL DEFAULT '{}',
        attempts integer NOT NULL DEFAULT 0,
        started_at timestamptz,
        finished_at timestamptz,
        PRIMARY KEY (run_id, chunk_no)
      )`);
    // Every assessment moves its enterprise's current tier: without an index on the tier (tier
    // summaries scan the register anyway) and with room left in each page, that update is HOT.
    await q.query(`DROP INDEX ix_enterprises_tier`);
    await q.query(`ALTER TABLE enterprises SET (fillfactor = 80)`);
    // The guard "never replace a current tier computed from newer facts" reads this column instead
    // of looking the current assessment up by id for every enterprise of every batch.
    await q.query(`ALTER TABLE enterprises ADD COLUMN current_facts_known_at timestamptz`);
    await q.query(`
      UPDATE enterprises e SET current_facts_known_at = a.facts_known_at
        FROM assessments a WHERE a.id = e.current_assessment_id`);
    // As for records (migration BulkIngestion): enterprises are never deleted, and a per-row foreign
    // key check on a million assessments a run costs a lookup and a row lock each.
    await q.query(`ALTER TABLE assessments DROP CONSTRAINT assessments_uscc_fkey`);
    await q.query(`DROP INDEX ix_assessments_run`);
    await q.query(
      `CREATE UNIQUE INDEX uq_assessments_run_uscc ON assessments (run_id, uscc) WHERE run_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_assessments_run_uscc`);
    await q.query(`CREATE INDEX ix_assessments_run ON assessments (run_id) WHERE run_id IS NOT NULL`);
    await q.query(
      `ALTER TABLE assessments ADD CONSTRAINT assessments_uscc_fkey FOREIGN KEY (uscc) REFERENCES enterprises (uscc)`,
    );
    await q.query(`ALTER TABLE enterprises DROP COLUMN current_facts_known_at`);
    await q.query(`ALTER TABLE enterprises RESET (fillfactor)`);
    await q.query(`CREATE INDEX ix_enterprises_tier ON enterprises (current_tier)`);
    await q.query(`DROP TABLE assessment_run_chunks`);
    await q.query(`DROP TABLE assessment_runs`);
  }
}
