import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 扫码入企 (issue #15; 国办发〔2024〕54号): every dispatched inspection task gets an unguessable
 * verification code, printed on the inspection notice, that anyone at the door can check
 * (GET /api/v1/public/inspection-verifications/:code). The code is issued by a trigger in the
 * transaction that dispatches the task, whichever path dispatches it: 24 hex characters (96 bits)
 * of a SHA-256 over two random UUIDs (pg_strong_random). Inspectors carry their enforcement
 * certificate number, which the check shows beside their names.
 */
export class InspectionVerification1765831000000 implements MigrationInterface {
  name = 'InspectionVerification1765831000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inspectors ADD COLUMN certificate_no varchar(64)`);
    await q.query(`
      CREATE TABLE inspection_verifications (
        task_id uuid PRIMARY KEY REFERENCES inspection_tasks (id),
        code char(24) COLLATE "C" NOT NULL UNIQUE CHECK (code ~ '^[0-9A-F]{24}$'),
        issued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION tierwatch_verification_code() RETURNS char(24) LANGUAGE sql VOLATILE AS $$
        SELECT upper(substr(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 1, 24))
      $$`);
    await q.query(`
      CREATE FUNCTION tierwatch_issue_verification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO inspection_verifications (task_id, code) VALUES (NEW.id, tierwatch_verification_code())
        ON CONFLICT (task_id) DO NOTHING;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER inspection_tasks_issue_verification AFTER UPDATE OF dispatched_at ON inspection_tasks
      FOR EACH ROW WHEN (OLD.dispatched_at IS NULL AND NEW.dispatched_at IS NOT NULL)
      EXECUTE FUNCTION tierwatch_issue_verification()`);
    await q.query(`
      INSERT INTO inspection_verifications (task_id, code)
      SELECT id, tierwatch_verification_code() FROM inspection_tasks WHERE dispatched_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER inspection_tasks_issue_verification ON inspection_tasks`);
    await q.query(`DROP FUNCTION tierwatch_issue_verification()`);
    await q.query(`DROP FUNCTION tierwatch_verification_code()`);
    await q.query(`DROP TABLE inspection_verifications`);
    await q.query(`ALTER TABLE inspectors DROP COLUMN certificate_no`);
  }
}
