import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core tables of DESIGN.md: enterprises and their records, rule-set versions, append-only
 * assessments and audit log, and the transactional outbox.
 */
export class CoreSchema1764000000000 implements MigrationInterface {
  name = 'CoreSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tierwatch_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);

    await q.query(`
      CREATE TABLE enterprises (
        uscc char(18) PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        region_code char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        industry_code varchar(5) NOT NULL,
        established_on date NOT NULL,
        registered_capital numeric(20,2) CHECK (registered_capital >= 0),
        size varchar(8) CHECK (size IN ('micro','small','medium','large')),
        tags text[] NOT NULL DEFAULT '{}',
        is_platform boolean NOT NULL DEFAULT false,
        platform_monthly_users bigint CHECK (platform_monthly_users >= 0),
        platform_valuation numeric(20,2) CHECK (platform_valuation >= 0),
        new_business_form boolean NOT NULL DEFAULT false,
        current_tier varchar(2),
        current_assessment_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_enterprises_region ON enterprises (region_code)`);
    await q.query(`CREATE INDEX ix_enterprises_industry ON enterprises (industry_code)`);
    await q.query(`CREATE INDEX ix_enterprises_tier ON enterprises (current_tier)`);

    await q.query(`
      CREATE TABLE credit_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        type varchar(40) NOT NULL CHECK (type IN ('administrative_penalty','abnormal_operation_listing',
          'serious_dishonesty_listing','spot_check_result','annual_report','tax_credit_grade',
          'court_enforcement','commendation','license_revocation')),
        severity varchar(16),
        occurred_on date NOT NULL,
        publicity_until date,
        source varchar(64) NOT NULL,
        source_record_id varchar(128) NOT NULL,
        repaired_at timestamptz,
        payload jsonb NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_credit_records_source UNIQUE (source, source_record_id)
      )`);
    await q.query(`CREATE INDEX ix_credit_records_uscc_type ON credit_records (uscc, type, occurred_on)`);

    await q.query(`
      CREATE TABLE risk_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        type varchar(40) NOT NULL CHECK (type IN ('complaint','monitoring_alert','public_opinion','platform_risk_signal')),
        severity varchar(8) NOT NULL CHECK (severity IN ('low','medium','high')),
        occurred_at timestamptz NOT NULL,
        source varchar(64) NOT NULL,
        source_record_id varchar(128) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_risk_records_source UNIQUE (source, source_record_id)
      )`);
    await q.query(`CREATE INDEX ix_risk_records_uscc_type ON risk_records (uscc, type, occurred_at)`);

    await q.query(`
      CREATE TABLE investment_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        kind varchar(32) NOT NULL CHECK (kind IN ('acquisition','equity_stake','new_business_line','merger','joint_venture')),
        target_uscc char(18),
        target_name text,
        target_industry_code varchar(5),
        amount numeric(20,2) CHECK (amount >= 0),
        occurred_on date NOT NULL,
        source varchar(64) NOT NULL,
        source_record_id varchar(128) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_investment_events_source UNIQUE (source, source_record_id)
      )`);
    await q.query(`CREATE INDEX ix_investment_events_uscc ON investment_events (uscc, occurred_on)`);

    await q.query(`
      CREATE TABLE rule_set_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL CHECK (kind IN ('tiering','frequency','observation','investment-light','triggers','repair')),
        version varchar(32) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('draft','approved','published','retired')),
        document jsonb NOT NULL,
        checksum char(64) NOT NULL,
        author varchar(128) NOT NULL,
        approver varchar(128),
        effective_from timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT uq_rule_set_versions_kind_version UNIQUE (kind, version)
      )`);

    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uscc char(18) NOT NULL REFERENCES enterprises (uscc),
        tier varchar(2),
        score integer,
        rule_set_kind varchar(32) NOT NULL,
        rule_set_version varchar(32) NOT NULL,
        as_of timestamptz NOT NULL,
        input_digest char(64) NOT NULL,
        facts jsonb NOT NULL,
        fired jsonb NOT NULL DEFAULT '[]',
        overrides jsonb NOT NULL DEFAULT '[]',
        trigger varchar(24) NOT NULL CHECK (trigger IN ('scheduled','record_change','rule_publication','manual')),
        run_id uuid,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((tier IS NULL) = (failure_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_assessments_uscc_as_of ON assessments (uscc, as_of DESC)`);
    await q.query(`CREATE INDEX ix_assessments_run ON assessments (run_id) WHERE run_id IS NOT NULL`);
    await q.query(`
      CREATE TRIGGER assessments_append_only BEFORE UPDATE OR DELETE ON assessments
      FOR EACH ROW EXECUTE FUNCTION tierwatch_refuse_change()`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor varchar(128) NOT NULL,
        action varchar(64) NOT NULL,
        entity_type varchar(64) NOT NULL,
        entity_id varchar(128) NOT NULL,
        correlation_id varchar(64),
        data jsonb NOT NULL DEFAULT '{}',
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX ix_audit_log_entity ON audit_log (entity_type, entity_id)`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION tierwatch_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION tierwatch_refuse_change()`);

    await q.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        queue varchar(64) NOT NULL,
        job_name varchar(64) NOT NULL,
        job_id varchar(200),
        payload jsonb NOT NULL,
        delay_ms integer NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
        priority integer,
        correlation_id varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX ix_outbox_pending ON outbox (id) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'audit_log',
      'assessments',
      'rule_set_versions',
      'investment_events',
      'risk_records',
      'credit_records',
      'enterprises',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION tierwatch_refuse_change()`);
  }
}
