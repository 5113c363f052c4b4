import { MigrationInterface, QueryRunner } from 'typeorm';

/** Import jobs: large ingestion bodies stored in chunks, processed by the worker, resumable. */
export class Imports1764100000000 implements MigrationInterface {
  name = 'Imports1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target varchar(16) NOT NULL CHECK (target IN ('enterprises','records')),
        format varchar(8) NOT NULL CHECK (format IN ('json','ndjson','csv')),
        status varchar(12) NOT NULL DEFAULT 'receiving'
          CHECK (status IN ('receiving','queued','running','done','failed')),
        atomic boolean NOT NULL DEFAULT false,
        actor varchar(128) NOT NULL,
        correlation_id varchar(64),
        received_bytes bigint NOT NULL DEFAULT 0,
        bytes_done bigint NOT NULL DEFAULT 0,
        rows_done integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE import_chunks (
        import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (import_id, seq)
      )`);
    await q.query(`
      CREATE TABLE import_rejects (
        import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        row_no integer NOT NULL,
        path text NOT NULL,
        message text NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_import_rejects ON import_rejects (import_id, row_no)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_rejects`);
    await q.query(`DROP TABLE import_chunks`);
    await q.query(`DROP TABLE imports`);
  }
}
