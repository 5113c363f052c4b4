import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule-set versions get their life cycle: draft → approved → scheduled → in_force → retired, and
 * withdrawn (a scheduled version taken back before it took effect). 'published' rows become
 * in_force (the latest one already effective, per kind), retired (earlier ones) or scheduled (not
 * yet effective). A draft keeps its validator problems, static-check warnings and scenario report,
 * and who edited it besides its author (none of them may approve it);
 * effective_from is set when a version is published. Two published versions of one kind never
 * share an instant, and a published document never changes.
 */
export class RuleSetLifecycle1765700000000 implements MigrationInterface {
  name = 'RuleSetLifecycle1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rule_set_versions DROP CONSTRAINT IF EXISTS rule_set_versions_status_check`);
    await q.query(`
      ALTER TABLE rule_set_versions
        ALTER COLUMN version TYPE varchar(40),
        ALTER COLUMN status TYPE varchar(16),
        ALTER COLUMN effective_from DROP NOT NULL,
        ADD COLUMN problems jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN scenarios jsonb,
        ADD COLUMN based_on varchar(40),
        ADD COLUMN editors text[] NOT NULL DEFAULT '{}',
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN approved_at timestamptz,
        ADD COLUMN published_by varchar(128),
        ADD COLUMN withdrawn_by varchar(128),
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN activated_at timestamptz,
        ADD COLUMN retired_at timestamptz`);
    await q.query(`
      WITH ranked AS (
        SELECT id, effective_from <= now() AS effective,
               row_number() OVER (PARTITION BY kind, effective_from <= now() ORDER BY effective_from DESC) AS n
          FROM rule_set_versions WHERE status = 'published'
      )
      UPDATE rule_set_versions v
         SET status = CASE WHEN NOT r.effective THEN 'scheduled' WHEN r.n = 1 THEN 'in_force' ELSE 'retired' END,
             activated_at = CASE WHEN r.effective THEN v.effective_from END,
             published_by = v.approver
        FROM ranked r WHERE r.id = v.id`);
    await q.query(`UPDATE rule_set_versions SET retired_at = now() WHERE status = 'retired'`);
    await q.query(`
      ALTER TABLE rule_set_versions ADD CONSTRAINT rule_set_versions_status_check
        CHECK (status IN ('draft','approved','scheduled','in_force','retired','withdrawn')),
      ADD CONSTRAINT rule_set_versions_published_when
        CHECK (status IN ('draft','approved') OR effective_from IS NOT NULL)`);
    await q.query(`
      CREATE UNIQUE INDEX uq_rule_set_versions_kind_instant ON rule_set_versions (kind, effective_from)
        WHERE status IN ('scheduled','in_force','retired')`);
    await q.query(`
      CREATE FUNCTION tierwatch_rule_set_document_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status NOT IN ('draft','approved')
           AND (NEW.document IS DISTINCT FROM OLD.document OR NEW.checksum IS DISTINCT FROM OLD.checksum
                OR NEW.effective_from IS DISTINCT FROM OLD.effective_from) THEN
          RAISE EXCEPTION 'a published rule-set document never changes (% %)', OLD.kind, OLD.version
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER rule_set_versions_document_fixed BEFORE UPDATE ON rule_set_versions
      FOR EACH ROW EXECUTE FUNCTION tierwatch_rule_set_document_fixed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER rule_set_versions_document_fixed ON rule_set_versions`);
    await q.query(`DROP FUNCTION tierwatch_rule_set_document_fixed()`);
    await q.query(`DROP INDEX uq_rule_set_versions_kind_instant`);
    await q.query(`ALTER TABLE rule_set_versions DROP CONSTRAINT rule_set_versions_published_when`);
    await q.query(`ALTER TABLE rule_set_versions DROP CONSTRAINT rule_set_versions_status_check`);
    await q.query(`DELETE FROM rule_set_versions WHERE status = 'withdrawn' OR effective_from IS NULL`);
    await q.query(
      `UPDATE rule_set_versions SET status = 'published' WHERE status IN ('scheduled','in_force','retired')`,
    );
    await q.query(`
      ALTER TABLE rule_set_versions
        ADD CONSTRAINT rule_set_versions_status_check CHECK (status IN ('draft','approved','published','retired')),
        ALTER COLUMN effective_from SET NOT NULL,
        DROP COLUMN problems, DROP COLUMN warnings, DROP COLUMN scenarios, DROP COLUMN based_on, DROP COLUMN editors,
        DROP COLUMN updated_at, DROP COLUMN approved_at, DROP COLUMN published_by, DROP COLUMN withdrawn_by,
        DROP COLUMN withdrawn_at, DROP COLUMN activated_at, DROP COLUMN retired_at`);
  }
}
