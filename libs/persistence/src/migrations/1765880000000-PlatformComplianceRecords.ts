import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'administrative_penalty','abnormal_operation_listing','serious_dishonesty_listing','spot_check_result',
  'annual_report','tax_credit_grade','court_enforcement','commendation','license_revocation','enforcement_measure'`;

/**
 * Two credit record types the platform-compliance rule set reads (issue #14, Zhejiang §20): an
 * algorithm filing (`algorithm_filing`) and a data-security finding (`data_security_record`).
 */
export class PlatformComplianceRecords1765880000000 implements MigrationInterface {
  name = 'PlatformComplianceRecords1765880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit_records DROP CONSTRAINT credit_records_type_check`);
    await q.query(`ALTER TABLE credit_records ADD CONSTRAINT credit_records_type_check
      CHECK (type IN (${BEFORE},'algorithm_filing','data_security_record'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM credit_records WHERE type IN ('algorithm_filing','data_security_record')`);
    await q.query(`ALTER TABLE credit_records DROP CONSTRAINT credit_records_type_check`);
    await q.query(
      `ALTER TABLE credit_records ADD CONSTRAINT credit_records_type_check CHECK (type IN (${BEFORE}))`,
    );
  }
}
