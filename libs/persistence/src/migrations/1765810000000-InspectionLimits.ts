import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 无事不扰 limits on inspections (issue #13, docs/inspection-limits.md): a triggered task over the
 * annual cap per enterprise per department is flagged (`over_cap`: department, count, cap, rule
 * version) and waits for a stated legal reason (`legal_basis`) before it starts; a task another plan
 * joined (joint visit) lists those plans (`joined_plans`); a task staffed by hand keeps who, why and
 * when (`manual_staffing`). The index serves the open-task overlap check and the yearly load.
 */
export class InspectionLimits1765810000000 implements MigrationInterface {
  name = 'InspectionLimits1765810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inspection_tasks
        ADD COLUMN over_cap jsonb,
        ADD COLUMN legal_basis text,
        ADD COLUMN joined_plans jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN manual_staffing jsonb`);
    await q.query(
      `CREATE INDEX ix_inspection_tasks_open_window ON inspection_tasks (uscc, due_at)
        WHERE status IN ('pending','assigned','in_progress')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_inspection_tasks_open_window`);
    await q.query(`
      ALTER TABLE inspection_tasks
        DROP COLUMN over_cap, DROP COLUMN legal_basis, DROP COLUMN joined_plans, DROP COLUMN manual_staffing`);
  }
}
