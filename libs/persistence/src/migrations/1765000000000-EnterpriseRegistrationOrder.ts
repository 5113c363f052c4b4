import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stable order of enterprises: the order tierwatch registered them in. Re-tier runs cut their
 * chunks in this order. They used the physical order (ctid) before, which every run itself
 * scrambles: a run updates every enterprise's current tier, and the new row versions land wherever
 * there is room. Registration order stays what it was, and follows the order records arrive in as
 * closely as any order can, so a chunk's records stay on neighbouring pages run after run. Existing
 * rows are numbered in their physical order.
 */
export class EnterpriseRegistrationOrder1765000000000 implements MigrationInterface {
  name = 'EnterpriseRegistrationOrder1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises ADD COLUMN registration_seq bigint GENERATED ALWAYS AS IDENTITY`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises DROP COLUMN registration_seq`);
  }
}
