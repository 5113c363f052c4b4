import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capital red / yellow / green lights (资本红绿灯, issue #14): investment events get the kinds and
 * fields the issue names (the old `new_business_line` becomes `new_entity`; nothing read the table
 * before), the ownership graph a group is judged over, one light per event with its evidence, and
 * the warnings a red or yellow light opens (one open warning per enterprise and light: a new event
 * of the same light joins it, so re-sent or noisy events never open and close warnings in turn).
 */
export class CapitalLights1765820000000 implements MigrationInterface {
  name = 'CapitalLights1765820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE investment_events DROP CONSTRAINT investment_events_kind_check`);
    await q.query(`UPDATE investment_events SET kind = 'new_entity' WHERE kind = 'new_business_line'`);
    await q.query(`
      ALTER TABLE investment_events
        ADD CONSTRAINT investment_events_kind_check CHECK (kind IN (
          'acquisition','equity_stake','new_entity','asset_purchase','merger','joint_venture')),
        ADD COLUMN stake_percent numeric(7,4) CHECK (stake_percent >= 0 AND stake_percent <= 100),
        ADD COLUMN notified boolean NOT NULL DEFAULT false,
        ADD COLUMN digest char(64),
        ADD COLUMN updated_at timestamptz`);
    await q.query(`CREATE INDEX ix_investment_events_occurred ON investment_events (occurred_on, uscc)`);

    await q.query(`
      CREATE TABLE ownership_links (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        parent_uscc char(18) NOT NULL,
        child_uscc char(18) NOT NULL,
        stake_percent numeric(7,4) NOT NULL CHECK (stake_percent > 0 AND stake_percent <= 100),
        valid_from date NOT NULL,
        valid_to date,
        source varchar(64) NOT NULL,
        source_record_id varchar(128) NOT NULL,
        digest char(64) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz,
        CONSTRAINT uq_ownership_links_source UNIQUE (source, source_record_id),
        CONSTRAINT ck_ownership_links_not_self CHECK (parent_uscc <> child_uscc),
        CONSTRAINT ck_ownership_links_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX ix_ownership_links_child ON ownership_links (child_uscc, valid_from)`);
    await q.query(`CREATE INDEX ix_ownership_links_parent ON ownership_links (parent_uscc, valid_from)`);

    await q.query(`
      CREATE TABLE investment_warnings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        region_code varchar(6) NOT NULL,
        light varchar(8) NOT NULL CHECK (light IN ('red','yellow')),
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','assigned','resolved')),
        opened_at timestamptz NOT NULL DEFAULT now(),
        quiet_until timestamptz,
        rule_set_version varchar(32) NOT NULL,
        assignee varchar(128),
        outcome varchar(16) CHECK (outcome IN ('rectified','no_violation','referred','penalised')),
        note text,
        resolved_at timestamptz,
        resolved_by varchar(128),
        history jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT ck_investment_warnings_resolved CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_investment_warnings_open ON investment_warnings (uscc, light) WHERE status <> 'resolved'`,
    );
    await q.query(
      `CREATE INDEX ix_investment_warnings_list ON investment_warnings (region_code, light, status, id)`,
    );

    await q.query(`
      CREATE TABLE investment_lights (
        event_id bigint PRIMARY KEY REFERENCES investment_events (id),
        uscc char(18) NOT NULL,
        light varchar(8) NOT NULL CHECK (light IN ('red','yellow','green')),
        rule_set_version varchar(32) NOT NULL,
        input_digest char(64) NOT NULL,
        evidence jsonb NOT NULL,
        warning_id bigint REFERENCES investment_warnings (id),
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_investment_lights_uscc ON investment_lights (uscc, event_id)`);
    await q.query(
      `CREATE INDEX ix_investment_lights_warning ON investment_lights (warning_id) WHERE warning_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE investment_lights`);
    await q.query(`DROP TABLE investment_warnings`);
    await q.query(`DROP TABLE ownership_links`);
    await q.query(`DROP INDEX ix_investment_events_occurred`);
    await q.query(`ALTER TABLE investment_events DROP CONSTRAINT investment_events_kind_check`);
    await q.query(
      `UPDATE investment_events SET kind = 'new_business_line' WHERE kind IN ('new_entity','asset_purchase')`,
    );
    await q.query(`
      ALTER TABLE investment_events
        DROP COLUMN stake_percent, DROP COLUMN notified, DROP COLUMN digest, DROP COLUMN updated_at,
        ADD CONSTRAINT investment_events_kind_check CHECK (kind IN (
          'acquisition','equity_stake','new_business_line','merger','joint_venture'))`);
  }
}
