import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every re-tier writes a new version of each enterprise row it assesses (its current tier and
 * assessment). With full pages the new version goes to another page, and every index of the register
 * (code, region, industry, name trigrams, next change) gets an entry for it; measured on 1M, three
 * updates in four were of that kind. Half-full pages leave room for the new version beside the old
 * one (a HOT update: no index entry), which is also the size the table reaches anyway once a run
 * has left a dead version of every row. Pages written from now on are filled to half; an existing
 * register reaches it when rewritten (`VACUUM FULL enterprises` in a maintenance window,
 * docs/operations.md).
 */
export class EnterpriseFillfactor1765901000000 implements MigrationInterface {
  name = 'EnterpriseFillfactor1765901000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises RESET (fillfactor)`);
  }
}
