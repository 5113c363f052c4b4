import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-tier runs whose chunks failed for good: the run ends `completed_with_failures` (the other
 * chunks' assessments stand), each failed chunk is marked `failed` with its last error, and a retry
 * re-runs only those under a new generation of BullMQ job ids (`retries`).
 */
export class RunChunkFailures1765210000000 implements MigrationInterface {
  name = 'RunChunkFailures1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessment_runs DROP CONSTRAINT assessment_runs_status_check`);
    await q.query(`
      ALTER TABLE assessment_runs
        ALTER COLUMN status TYPE varchar(32),
        ADD CONSTRAINT assessment_runs_status_check CHECK (status IN
          ('queued','planning','running','completed','completed_with_failures','cancelling','cancelled','failed')),
        ADD COLUMN retries integer NOT NULL DEFAULT 0 CHECK (retries >= 0)`);
    await q.query(`ALTER TABLE assessment_run_chunks DROP CONSTRAINT assessment_run_chunks_status_check`);
    await q.query(`
      ALTER TABLE assessment_run_chunks
        ADD CONSTRAINT assessment_run_chunks_status_check CHECK (status IN ('pending','done','skipped','failed')),
        ADD COLUMN last_error text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE assessment_run_chunks SET status = 'pending' WHERE status = 'failed'`);
    await q.query(`ALTER TABLE assessment_run_chunks DROP CONSTRAINT assessment_run_chunks_status_check`);
    await q.query(`
      ALTER TABLE assessment_run_chunks
        ADD CONSTRAINT assessment_run_chunks_status_check CHECK (status IN ('pending','done','skipped')),
        DROP COLUMN last_error`);
    await q.query(`UPDATE assessment_runs SET status = 'failed' WHERE status = 'completed_with_failures'`);
    await q.query(`ALTER TABLE assessment_runs DROP CONSTRAINT assessment_runs_status_check`);
    await q.query(`
      ALTER TABLE assessment_runs
        ALTER COLUMN status TYPE varchar(16),
        ADD CONSTRAINT assessment_runs_status_check CHECK (status IN
          ('queued','planning','running','completed','cancelling','cancelled','failed')),
        DROP COLUMN retries`);
  }
}
