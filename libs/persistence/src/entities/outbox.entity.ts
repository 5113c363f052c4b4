import type { JsonObject } from './json.types';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job waiting to reach BullMQ, written in the same transaction as the business change it belongs
 * to. The relay moves it with job id = `jobId` so nothing is lost when Redis is down and nothing is
 * enqueued twice.
 */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName!: string;

  /** BullMQ job id; defaults to `outbox-<id>` (a business id such as a task id where one exists). */
  @Column({ name: 'job_id', type: 'varchar', length: 200, nullable: true })
  jobId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: JsonObject;

  /** When the job is due (absolute); the relay gives BullMQ max(0, run_at - now) as its delay. */
  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' })
  runAt!: Date;

  /** BullMQ priority (lower runs first). */
  @Column({ type: 'integer', nullable: true })
  priority!: number | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
