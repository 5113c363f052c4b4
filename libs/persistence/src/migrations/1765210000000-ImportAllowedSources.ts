import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sources an import may write (the posting API key's), kept with the import so that the worker
 * applies the same restriction; null = unrestricted.
 */
export class ImportAllowedSources1765210000000 implements MigrationInterface {
  name = 'ImportAllowedSources1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports ADD COLUMN allowed_sources text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports DROP COLUMN allowed_sources`);
  }
}
