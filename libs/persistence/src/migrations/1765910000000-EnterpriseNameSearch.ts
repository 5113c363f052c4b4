import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enterprise list searches names by substring (GET /enterprises?q=, the console's search): a
 * trigram GIN index (pg_trgm, in PostgreSQL's contrib) answers `name ILIKE '%…%'` of three or more
 * characters from the index at a million enterprises instead of scanning the register. Names are
 * written at registration and rarely after, so the index does not cost the tier updates of a run
 * (they stay HOT: no indexed column changes). A code prefix uses the primary key.
 */
export class EnterpriseNameSearch1765910000000 implements MigrationInterface {
  name = 'EnterpriseNameSearch1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX ix_enterprises_name_trgm ON enterprises USING gin (name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_enterprises_name_trgm`);
    await q.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
