import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit repair (信用修复, issue #15): applications with their decision deadline, and the repairs
 * themselves. A row of credit_record_repairs is why a record stopped counting (an approved
 * application or the end of its publicity); credit_records.repaired_at mirrors it for the fact
 * queries, and a trigger keeps it when a source re-sends the record without a repair date, so a
 * re-import never brings a repaired record back.
 */
export class RepairApplications1765830000000 implements MigrationInterface {
  name = 'RepairApplications1765830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE repair_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        record_id bigint NOT NULL REFERENCES credit_records (id),
        status varchar(16) NOT NULL CHECK (status IN ('pending','escalated','approved','rejected')),
        evidence jsonb NOT NULL,
        rule_set_version varchar(32) NOT NULL,
        profile_id varchar(32) NOT NULL,
        grade varchar(32),
        decision_working_days integer NOT NULL CHECK (decision_working_days > 0),
        decide_by timestamptz NOT NULL,
        filed_by varchar(128) NOT NULL,
        filed_at timestamptz NOT NULL,
        escalated_at timestamptz,
        decided_by varchar(128),
        decided_at timestamptz,
        decision_reason text,
        CHECK ((status IN ('approved','rejected')) = (decided_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_repair_applications_open ON repair_applications (record_id)
        WHERE status IN ('pending','escalated')`,
    );
    await q.query(`CREATE INDEX ix_repair_applications_uscc ON repair_applications (uscc, filed_at DESC)`);
    await q.query(
      `CREATE INDEX ix_repair_applications_status ON repair_applications (status, filed_at DESC)`,
    );

    await q.query(`
      CREATE TABLE credit_record_repairs (
        record_id bigint PRIMARY KEY REFERENCES credit_records (id),
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        repaired_at timestamptz NOT NULL,
        basis varchar(16) NOT NULL CHECK (basis IN ('application','publicity_ended')),
        application_id uuid REFERENCES repair_applications (id),
        rule_set_version varchar(32) NOT NULL,
        profile_id varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((basis = 'application') = (application_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_credit_record_repairs_uscc ON credit_record_repairs (uscc)`);
    await q.query(`
      CREATE FUNCTION tierwatch_keep_repair() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.repaired_at IS NULL THEN
          NEW.repaired_at := (SELECT repaired_at FROM credit_record_repairs WHERE record_id = NEW.id);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER credit_records_keep_repair BEFORE UPDATE ON credit_records
      FOR EACH ROW WHEN (NEW.repaired_at IS NULL AND OLD.repaired_at IS NOT NULL)
      EXECUTE FUNCTION tierwatch_keep_repair()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER credit_records_keep_repair ON credit_records`);
    await q.query(`DROP FUNCTION tierwatch_keep_repair()`);
    await q.query(`DROP TABLE credit_record_repairs`);
    await q.query(`DROP TABLE repair_applications`);
  }
}
