import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enforcement measures actually taken (issue #13): 首违不罚 (no_penalty), the soft measures 行政指导
 * (guidance), 行政约谈 (talk), 警示告诫 (warning), and penalties. Append-only history: they feed the
 * next recommendation ("the last one recorded", similar violations within the look-back window).
 */
export class EnforcementMeasures1765802000000 implements MigrationInterface {
  name = 'EnforcementMeasures1765802000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enforcement_measures (
        id uuid PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        item varchar(200) NOT NULL,
        measure varchar(40) NOT NULL,
        decided_on date NOT NULL,
        reason text NOT NULL,
        reference varchar(200),
        recorded_by varchar(200) NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_enforcement_measures_uscc ON enforcement_measures (uscc, decided_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enforcement_measures`);
  }
}
