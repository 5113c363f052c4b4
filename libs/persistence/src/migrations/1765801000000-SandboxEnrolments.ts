import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sandbox enrolments (沙盒监管, issue #13): an explicit enrolment with its scope, licence reference,
 * conditions and dates. Never deleted: an exit (at the end date by the daily job, early by a
 * regulator or a serious trigger) is recorded on the row with its reason. At most one open enrolment
 * per enterprise.
 */
export class SandboxEnrolments1765801000000 implements MigrationInterface {
  name = 'SandboxEnrolments1765801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sandbox_enrolments (
        id uuid PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        scope text NOT NULL,
        licence_ref varchar(200) NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        conditions jsonb NOT NULL DEFAULT '[]',
        enrolled_by varchar(200) NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        exited_on date,
        exited_at timestamptz,
        exit_source varchar(16) CHECK (exit_source IN ('expiry','regulator','trigger')),
        exit_reason text,
        exited_by varchar(200),
        CONSTRAINT ck_sandbox_enrolments_dates CHECK (ends_on >= starts_on),
        CONSTRAINT ck_sandbox_enrolments_exit CHECK (
          (exited_at IS NULL AND exited_on IS NULL AND exit_source IS NULL AND exit_reason IS NULL)
          OR (exited_at IS NOT NULL AND exited_on IS NOT NULL AND exit_source IS NOT NULL AND exit_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_sandbox_enrolments_open ON sandbox_enrolments (uscc) WHERE exited_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_sandbox_enrolments_ends ON sandbox_enrolments (ends_on) WHERE exited_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sandbox_enrolments`);
  }
}
