import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register row keeps the facts key of its current assessment: a digest of the fact query's row
 * that assessment was evaluated from, under its rule set and version (docs/rules.md, "A run confirms
 * what did not change"). A run that reads the same row again confirms that assessment without
 * evaluating it. Null for assessments written before (the next run evaluates them and records it).
 */
export class CurrentFactsKey1765933000000 implements MigrationInterface {
  name = 'CurrentFactsKey1765933000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises ADD COLUMN current_facts_key text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises DROP COLUMN current_facts_key`);
  }
}
