import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sources an import may write (the posting API key's) and the regions it may write in (the
 * posting regulator's), kept with the import so that the worker applies the same restrictions;
 * null = unrestricted.
 */
export class ImportAllowedSources1765300000000 implements MigrationInterface {
  name = 'ImportAllowedSources1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports ADD COLUMN allowed_sources text[], ADD COLUMN allowed_regions text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports DROP COLUMN allowed_sources, DROP COLUMN allowed_regions`);
  }
}
