import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of ingest clients. Only a SHA-256 of each key is kept (the key is 32 random bytes, so a
 * fast hash cannot be reversed by guessing); the key itself is shown once, when it is created.
 * A key is revoked, never deleted, so the audit trail keeps naming it.
 */
export class ApiKeys1765500000000 implements MigrationInterface {
  name = 'ApiKeys1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        key_prefix text NOT NULL,
        key_hash char(64) NOT NULL UNIQUE,
        sources text[] NOT NULL CHECK (cardinality(sources) >= 1),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
