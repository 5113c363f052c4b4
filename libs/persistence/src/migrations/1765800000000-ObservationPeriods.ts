import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observation periods (观察期, issue #13): one row per period, never deleted — the history. A period
 * is open while `ended_at` is null (at most one open period per enterprise); it counts as active on
 * a date inside [started_on, ends_on]. Each start and end keeps its reason, who or what decided it
 * (`source`: rule | regulator; `end_source`: rule | regulator | expiry | trigger | red_line) and the
 * observation rule-set version behind it.
 */
export class ObservationPeriods1765800000000 implements MigrationInterface {
  name = 'ObservationPeriods1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observation_periods (
        id uuid PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        source varchar(16) NOT NULL CHECK (source IN ('rule','regulator')),
        started_on date NOT NULL,
        ends_on date NOT NULL,
        start_reason text NOT NULL,
        start_rule_version varchar(40),
        start_detail jsonb NOT NULL DEFAULT '{}',
        started_by varchar(200) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_on date,
        ended_at timestamptz,
        end_source varchar(16) CHECK (end_source IN ('rule','regulator','expiry','trigger','red_line')),
        end_reason text,
        end_rule_version varchar(40),
        end_detail jsonb,
        ended_by varchar(200),
        CONSTRAINT ck_observation_periods_dates CHECK (ends_on >= started_on),
        CONSTRAINT ck_observation_periods_end CHECK (
          (ended_at IS NULL AND ended_on IS NULL AND end_source IS NULL AND end_reason IS NULL)
          OR (ended_at IS NOT NULL AND ended_on IS NOT NULL AND end_source IS NOT NULL AND end_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_observation_periods_open ON observation_periods (uscc) WHERE ended_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_observation_periods_uscc ON observation_periods (uscc, started_on)`);
    await q.query(
      `CREATE INDEX ix_observation_periods_ends ON observation_periods (ends_on) WHERE ended_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE observation_periods`);
  }
}
