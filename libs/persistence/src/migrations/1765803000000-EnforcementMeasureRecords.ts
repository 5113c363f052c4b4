import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A measure recorded through POST /enforcement/measures is also a credit record of type
 * `enforcement_measure`, so tiering rule sets can read it like any other record (issue #13).
 */
export class EnforcementMeasureRecords1765803000000 implements MigrationInterface {
  name = 'EnforcementMeasureRecords1765803000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit_records DROP CONSTRAINT credit_records_type_check`);
    await q.query(`
      ALTER TABLE credit_records ADD CONSTRAINT credit_records_type_check CHECK (type IN ('administrative_penalty',
        'abnormal_operation_listing','serious_dishonesty_listing','spot_check_result','annual_report','tax_credit_grade',
        'court_enforcement','commendation','license_revocation','enforcement_measure'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM credit_records WHERE type = 'enforcement_measure'`);
    await q.query(`ALTER TABLE credit_records DROP CONSTRAINT credit_records_type_check`);
    await q.query(`
      ALTER TABLE credit_records ADD CONSTRAINT credit_records_type_check CHECK (type IN ('administrative_penalty',
        'abnormal_operation_listing','serious_dishonesty_listing','spot_check_result','annual_report','tax_credit_grade',
        'court_enforcement','commendation','license_revocation'))`);
  }
}
