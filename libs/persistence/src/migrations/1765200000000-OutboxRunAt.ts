import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox stores when a job is due (`run_at`), not a delay counted from whenever the relay
 * happens to read the row: after an outage of the relay, Redis or the worker a job due at 09:00
 * still runs at 09:00, or at once when that has passed. The relay turns it into BullMQ's delay
 * (max(0, run_at - now)) at the moment it adds the job. Existing rows keep their due time
 * (created_at + delay_ms).
 */
export class OutboxRunAt1765200000000 implements MigrationInterface {
  name = 'OutboxRunAt1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN run_at timestamptz`);
    await q.query(`UPDATE outbox SET run_at = created_at + delay_ms * interval '1 millisecond'`);
    await q.query(
      `ALTER TABLE outbox ALTER COLUMN run_at SET DEFAULT now(), ALTER COLUMN run_at SET NOT NULL`,
    );
    await q.query(`ALTER TABLE outbox DROP COLUMN delay_ms`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN delay_ms bigint NOT NULL DEFAULT 0 CHECK (delay_ms >= 0)`);
    await q.query(
      `UPDATE outbox SET delay_ms = greatest(0, round(extract(epoch FROM run_at - created_at) * 1000))::bigint`,
    );
    await q.query(`ALTER TABLE outbox DROP COLUMN run_at`);
  }
}
