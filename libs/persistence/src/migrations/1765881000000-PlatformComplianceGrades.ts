import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform-compliance evaluations a regulator recorded (POST /enterprises/:uscc/platform-compliance,
 * issue #14 §6): append-only, the latest one known at an instant is the `platform.compliance_grade`
 * fact the tiering and frequency rule sets may read (合规激励).
 */
export class PlatformComplianceGrades1765881000000 implements MigrationInterface {
  name = 'PlatformComplianceGrades1765881000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform_compliance_grades (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        grade varchar(32) NOT NULL,
        rule_set_version varchar(32) NOT NULL,
        evaluated_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by varchar(128) NOT NULL,
        note text,
        findings jsonb NOT NULL,
        facts jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX ix_platform_compliance_grades_latest ON platform_compliance_grades (uscc, recorded_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform_compliance_grades`);
  }
}
