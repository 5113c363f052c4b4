import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Codes compare byte for byte (COLLATE "C") in the register and the record tables, but the tables
 * added since (observation periods, sandbox, enforcement, repairs, investment, ownership, platform
 * grades) took the database's default collation. A join or a correlated lookup of one of them by an
 * enterprise's code then cannot use its uscc index (the comparison's collation is not the index's):
 * measured on 1M, the observation hook read every observation period for each chunk of a re-tier
 * run, and the fact query's investment and platform facts probed their tables row by row. All
 * unified social credit codes now share the register's collation.
 */
const COLUMNS: [string, string][] = [
  ['credit_record_repairs', 'uscc'],
  ['enforcement_measures', 'uscc'],
  ['investment_events', 'target_uscc'],
  ['investment_lights', 'uscc'],
  ['investment_warnings', 'uscc'],
  ['observation_periods', 'uscc'],
  ['ownership_links', 'child_uscc'],
  ['ownership_links', 'parent_uscc'],
  ['platform_compliance_grades', 'uscc'],
  ['repair_applications', 'uscc'],
  ['sandbox_enrolments', 'uscc'],
];

export class UsccCollation1765902000000 implements MigrationInterface {
  name = 'UsccCollation1765902000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS)
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE char(18) COLLATE "C"`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS)
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE char(18) COLLATE "default"`);
  }
}
