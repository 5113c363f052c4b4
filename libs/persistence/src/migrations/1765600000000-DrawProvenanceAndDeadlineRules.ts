import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - A plan records who chose its seed (`server`: a CSPRNG after the pool digest entered the audit
 *   chain; `caller`: given in the request) and the instant of its draw. Plans drawn before this
 *   migration keep NULL: their seed's origin was not recorded.
 * - A task records the rule data behind each deadline it holds (`due_at`, `publish_deadline`,
 *   `correction_deadline`): the deadlines version, the number applied and the calendar years used,
 *   so a deadline can be explained after the data has changed.
 */
export class DrawProvenanceAndDeadlineRules1765600000000 implements MigrationInterface {
  name = 'DrawProvenanceAndDeadlineRules1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inspection_plans
        ADD COLUMN seed_source text CHECK (seed_source IN ('server', 'caller')),
        ADD COLUMN drawn_at timestamptz
    `);
    await q.query(`ALTER TABLE inspection_tasks ADD COLUMN deadline_rules jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inspection_tasks DROP COLUMN deadline_rules`);
    await q.query(`ALTER TABLE inspection_plans DROP COLUMN seed_source, DROP COLUMN drawn_at`);
  }
}
