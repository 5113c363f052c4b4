import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Differentiated inspection (双随机、一公开): the inspector roster, plans (a seeded, stratified draw
 * whose eligible pool is kept so anyone can re-run it), and tasks with their life cycle, triggered
 * tasks included.
 */
export class Inspection1764600000000 implements MigrationInterface {
  name = 'Inspection1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // Inspection jobs wait weeks (a due date, a publication deadline): more than an int of ms.
    await q.query(`ALTER TABLE outbox ALTER COLUMN delay_ms TYPE bigint`);
    await q.query(`
      CREATE TABLE inspectors (
        id varchar(64) COLLATE "C" PRIMARY KEY,
        name varchar(200) NOT NULL,
        department varchar(64) NOT NULL,
        region_code varchar(6) NOT NULL CHECK (region_code ~ '^[0-9]{1,6}$'),
        qualifications text[] NOT NULL DEFAULT '{}',
        certified boolean NOT NULL,
        conflict_usccs text[] NOT NULL DEFAULT '{}',
        related_persons text[] NOT NULL DEFAULT '{}',
        capacity_per_period integer NOT NULL CHECK (capacity_per_period >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inspection_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        window_start date NOT NULL,
        window_end date NOT NULL CHECK (window_end >= window_start),
        scope jsonb NOT NULL,
        items jsonb NOT NULL,
        draw_kind varchar(16) NOT NULL CHECK (draw_kind IN ('directed','undirected')),
        ratio_overrides jsonb NOT NULL DEFAULT '{}',
        seed varchar(128) NOT NULL,
        frequency_version varchar(32) NOT NULL,
        pool_digest char(64) NOT NULL,
        pool_size integer NOT NULL,
        -- the exported plan (format tierwatch-plan/1, gzip JSON): seed, pool, strata, roster snapshot and
        -- the result, from which anyone can re-run the draw (POST …/verify, tierwatch plan verify)
        export bytea NOT NULL,
        selected integer NOT NULL,
        summary jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
        created_by varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inspection_tasks (
        id uuid PRIMARY KEY,
        plan_id uuid REFERENCES inspection_plans (id),
        seq integer,
        uscc char(18) COLLATE "C" NOT NULL,
        tier varchar(2),
        kind varchar(16) NOT NULL CHECK (kind IN ('random','triggered')),
        priority integer NOT NULL DEFAULT 0,
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending','assigned','in_progress','done','published','cancelled')),
        inspector_ids text[] NOT NULL DEFAULT '{}',
        unassignable_reason text,
        items jsonb NOT NULL,
        scheduled_start timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        trigger_reason varchar(128),
        trigger_records jsonb,
        result jsonb,
        result_at timestamptz,
        publish_deadline timestamptz,
        published_at timestamptz,
        correction_deadline timestamptz,
        corrected_at timestamptz,
        withdrawn_at timestamptz,
        publication_overdue_at timestamptz,
        dispatched_at timestamptz,
        reminded_at timestamptz,
        escalated_at timestamptz,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'random') = (plan_id IS NOT NULL)),
        CHECK ((kind = 'triggered') = (trigger_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_inspection_tasks_plan_seq ON inspection_tasks (plan_id, seq) WHERE plan_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_inspection_tasks_status ON inspection_tasks (status, due_at)`);
    await q.query(`CREATE INDEX ix_inspection_tasks_uscc ON inspection_tasks (uscc, created_at DESC)`);
    await q.query(
      `CREATE INDEX ix_inspection_tasks_inspectors ON inspection_tasks USING gin (inspector_ids)`,
    );
    await q.query(
      `CREATE INDEX ix_inspection_tasks_published ON inspection_tasks (published_at DESC) WHERE status = 'published'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inspection_tasks`);
    await q.query(`DROP TABLE inspection_plans`);
    await q.query(`DROP TABLE inspectors`);
    await q.query(`ALTER TABLE outbox ALTER COLUMN delay_ms TYPE integer`);
  }
}
