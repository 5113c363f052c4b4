import { copyFields } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { JOB_QUEUE, JobItem } from './queue.contract';

export interface EnqueueOptions {
  /** BullMQ job id for deduplication, e.g. a task id. Defaults to `outbox-<row id>`. */
  jobId?: string;
  /**
   * When the job is due. Stored as is (`outbox.run_at`), so an outage never shifts it: a job whose
   * time has passed when the relay adds it runs at once. Default: now.
   */
  runAt?: Date;
  /** A delay from now, for callers without a due time of their own; stored as `runAt = now + delayMs`. */
  delayMs?: number;
  priority?: number;
}

/** The absolute due time of a job: `runAt`, else now + `delayMs`, else now. */
export function dueTime(options: EnqueueOptions, now = Date.now()): Date {
  if (options.runAt) {
    if (Number.isNaN(options.runAt.getTime())) throw new RangeError('runAt is not a valid date');
    return options.runAt;
  }
  return new Date(now + Math.max(0, options.delayMs ?? 0));
}

/**
 * The typed producer. It never talks to Redis: it writes an outbox row with the caller's entity
 * manager, so the job exists if and only if the caller's transaction commits.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly cls: ClsService) {}

  async enqueue(manager: EntityManager, item: JobItem, options: EnqueueOptions = {}): Promise<string> {
    return (await this.enqueueMany(manager, [{ item, options }]))[0];
  }

  async enqueueMany(
    manager: EntityManager,
    jobs: { item: JobItem; options?: EnqueueOptions }[],
  ): Promise<string[]> {
    if (jobs.length === 0) return [];
    const correlationId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    const now = Date.now();
    const rows = jobs.map(({ item, options = {} }) => ({
      queue: JOB_QUEUE[item.name],
      job_name: item.name,
      job_id: options.jobId ?? null,
      payload: item.data,
      run_at: dueTime(options, now).toISOString(),
      priority: options.priority ?? null,
      correlation_id: correlationId,
    }));
    // One statement whatever the number of jobs (plans write tens of thousands at once).
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at, priority, correlation_id)
       SELECT queue, job_name, job_id, payload, run_at, priority, correlation_id
         FROM jsonb_to_recordset($1::jsonb) AS x(queue text, job_name text, job_id text, payload jsonb,
              run_at timestamptz, priority int, correlation_id text)
       RETURNING id::text`,
      [JSON.stringify(rows)],
    );
    return inserted.map((r) => r.id);
  }

  /**
   * The same rows as `enqueueMany`, written with COPY and without returning their ids: for the
   * tens of thousands of jobs of a plan, where parsing one large JSON document per batch and
   * returning every id cost PostgreSQL more than the rows themselves.
   */
  async appendMany(
    manager: EntityManager,
    jobs: { item: JobItem; options?: EnqueueOptions }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    const correlationId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    const now = Date.now();
    const lines = jobs.map(
      ({ item, options = {} }) =>
        copyFields([
          JOB_QUEUE[item.name],
          item.name,
          options.jobId ?? null,
          JSON.stringify(item.data),
          dueTime(options, now).toISOString(),
          options.priority ?? null,
          correlationId,
        ]) + '\n',
    );
    const client = (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    await pipeline(
      Readable.from([lines.join('')]),
      client.query(
        copyFrom(
          `COPY outbox (queue, job_name, job_id, payload, run_at, priority, correlation_id) FROM STDIN`,
        ),
      ),
    );
  }
}
