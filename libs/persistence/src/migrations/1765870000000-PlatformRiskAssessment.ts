import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A super platform's yearly risk assessment is a triggered inspection task whose trigger reason
 * names the year (`platform-risk-assessment:2026`): at most one per platform and year, whatever
 * the number of job runs or workers.
 */
export class PlatformRiskAssessment1765870000000 implements MigrationInterface {
  name = 'PlatformRiskAssessment1765870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX inspection_tasks_platform_risk_once ON inspection_tasks (uscc, trigger_reason)
        WHERE trigger_reason LIKE 'platform-risk-assessment:%'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inspection_tasks_platform_risk_once`);
  }
}
