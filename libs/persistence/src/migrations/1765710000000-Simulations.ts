import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule-set simulations (issue #12, point 6): a version evaluated beside the version in force on the
 * stored population, in chunks, without writing a single assessment. A chunk's tally, its changed
 * enterprises and its "done" mark commit together, so a chunk run twice counts once.
 */
export class Simulations1765710000000 implements MigrationInterface {
  name = 'Simulations1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE simulations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL,
        version varchar(32) NOT NULL,
        base_version varchar(32) NOT NULL,
        frequency_version varchar(32) NOT NULL,
        scope jsonb NOT NULL,
        sample integer CHECK (sample IS NULL OR sample > 0),
        as_of date NOT NULL,
        chunk_size integer NOT NULL CHECK (chunk_size > 0),
        status varchar(16) NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        total integer,
        result jsonb,
        failure_reason text,
        requested_by varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_simulations_created ON simulations (created_at DESC)`);
    await q.query(`
      CREATE TABLE simulation_chunks (
        simulation_id uuid NOT NULL REFERENCES simulations (id) ON DELETE CASCADE,
        chunk_no integer NOT NULL,
        usccs text[] NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
        attempts integer NOT NULL DEFAULT 0,
        processed integer NOT NULL DEFAULT 0,
        tally jsonb,
        finished_at timestamptz,
        PRIMARY KEY (simulation_id, chunk_no)
      )`);
    await q.query(`
      CREATE TABLE simulation_changes (
        simulation_id uuid NOT NULL REFERENCES simulations (id) ON DELETE CASCADE,
        uscc char(18) COLLATE "C" NOT NULL,
        from_tier varchar(16) NOT NULL,
        to_tier varchar(16) NOT NULL,
        old_explanation jsonb NOT NULL,
        new_explanation jsonb NOT NULL,
        PRIMARY KEY (simulation_id, uscc)
      )`);
    await q.query(
      `CREATE INDEX ix_simulation_changes_move ON simulation_changes (simulation_id, from_tier, to_tier, uscc)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE simulation_changes`);
    await q.query(`DROP TABLE simulation_chunks`);
    await q.query(`DROP TABLE simulations`);
  }
}
