import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register row keeps its current assessment's as-of date: a run confirms an unchanged current
 * assessment only when it is as of the run's date or before (a late retry of an older run writes its
 * own, so reads by date still find the run's decision). Filled from the current assessments.
 */
export class CurrentAssessmentAsOf1765931000000 implements MigrationInterface {
  name = 'CurrentAssessmentAsOf1765931000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises ADD COLUMN current_as_of date`);
    await q.query(`
      UPDATE enterprises e SET current_as_of = (a.as_of AT TIME ZONE 'Asia/Shanghai')::date
        FROM assessments a WHERE a.id = e.current_assessment_id AND e.current_content_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises DROP COLUMN current_as_of`);
  }
}
