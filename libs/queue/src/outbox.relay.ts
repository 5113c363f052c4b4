import { AppConfig, within } from '@app/config';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { DEFAULT_JOB_OPTIONS, JOB_OPTIONS, JobEnvelope, JobName, QueueName } from './queue.contract';
import { QueueRegistry } from './queue.registry';

interface PendingRow {
  id: string;
  queue: QueueName;
  job_name: JobName;
  job_id: string | null;
  payload: Record<string, unknown>;
  /** Epoch milliseconds of `run_at`. */
  run_at_ms: number;
  priority: number | null;
  correlation_id: string | null;
}

const REDIS_FAILURES_BEFORE_RESET = 3;

/** BullMQ's delay for a job due at `runAtMs`, added at `now`: never negative, none when due. */
export function relayDelay(runAtMs: number, now: number): number | undefined {
  const delay = Math.round(runAtMs - now);
  return delay > 0 ? delay : undefined;
}

export interface RelayResult {
  delivered: number;
  failed: number;
}

/**
 * Moves outbox rows to BullMQ. Rows are locked with SKIP LOCKED (several relays may run), added
 * with their job id, and marked delivered in the same transaction. If Redis fails the transaction
 * rolls back and the rows wait; if the commit fails after the add, the next attempt re-adds with
 * the same job id and BullMQ ignores it — so each row becomes exactly one job.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Whether the last delivery failed as a whole (PostgreSQL or Redis unreachable): back off. */
  private lastDeliveryFailed = false;
  /** Deliveries in a row that Redis refused; past a few the producer connection is replaced. */
  private redisFailures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    // A delivery in flight may wait on an unreachable PostgreSQL or Redis; its rows stay pending
    // (re-sent later with the same job ids), so shutdown need not wait for it long.
    await within(this.loop ?? Promise.resolve(), 2000);
  }

  /** Delivers up to `limit` pending rows once; the polling loop calls it, tests call it directly. */
  async deliverPending(limit = this.config.outboxBatchSize): Promise<RelayResult> {
    let ids: string[] = [];
    this.lastDeliveryFailed = false;
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Picked and marked delivered in one statement; the mark commits only after BullMQ took the
        // jobs (a failed add rolls it back), so nothing is lost and the rows are read once.
        const rows: PendingRow[] = await manager.query(
          `WITH picked AS (
             SELECT id FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED),
           marked AS (
             UPDATE outbox o SET delivered_at = now(), attempts = o.attempts + 1, last_error = NULL
               FROM picked WHERE o.id = picked.id
             RETURNING o.id, o.queue, o.job_name, o.job_id, o.payload, o.run_at, o.priority, o.correlation_id)
           SELECT id::text, queue, job_name, job_id, payload,
                  (extract(epoch FROM run_at) * 1000)::float8 AS run_at_ms, priority, correlation_id
             FROM marked ORDER BY marked.id`,
          [limit],
        );
        ids = rows.map((r) => r.id);
        if (rows.length === 0) return { delivered: 0, failed: 0 };
        const byQueue = new Map<QueueName, PendingRow[]>();
        for (const row of rows) {
          const list = byQueue.get(row.queue);
          if (list) list.push(row);
          else byQueue.set(row.queue, [row]);
        }
        for (const [queueName, queueRows] of byQueue) {
          // The delay is counted now, from the stored due time: a row that waited out an outage
          // past its time runs at once, a future one exactly when it is due.
          const now = Date.now();
          await this.withTimeout(
            this.queues.get(queueName).addBulk(
              queueRows.map((row) => ({
                name: row.job_name,
                data: {
                  payload: row.payload,
                  correlationId: row.correlation_id,
                  outboxId: row.id,
                } as JobEnvelope,
                opts: {
                  ...DEFAULT_JOB_OPTIONS,
                  ...JOB_OPTIONS[row.job_name],
                  jobId: row.job_id ?? `outbox-${row.id}`,
                  delay: relayDelay(row.run_at_ms, now),
                  priority: row.priority ?? undefined,
                },
              })),
            ),
          );
        }
        this.redisFailures = 0;
        return { delivered: rows.length, failed: 0 };
      });
    } catch (error) {
      this.lastDeliveryFailed = true;
      const message = error instanceof Error ? error.message : String(error);
      if (ids.length > 0 && ++this.redisFailures >= REDIS_FAILURES_BEFORE_RESET) {
        this.redisFailures = 0;
        this.logger.warn('Redis keeps refusing the jobs: opening a new producer connection');
        await this.queues.reset();
      }
      if (ids.length > 0) {
        await this.dataSource
          .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            ids,
            message.slice(0, 2000),
          ])
          .catch(() => undefined);
      }
      this.logger.warn(
        ids.length > 0
          ? `outbox delivery of ${ids.length} row(s) failed, will retry: ${message}`
          : `outbox relay cannot read the outbox, will retry: ${message}`,
      );
      return { delivered: 0, failed: ids.length };
    }
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`,
    );
    return row.n;
  }

  /**
   * BullMQ waits for a connection forever; the relay does not. A late add that still lands is
   * harmless: the row is re-sent later with the same job id.
   */
  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    const ms = this.config.outboxEnqueueTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not accept the jobs within ${ms} ms`)), ms);
    });
    work.catch(() => undefined);
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(): Promise<void> {
    let backoff = this.config.outboxPollMs;
    while (this.running) {
      let result: RelayResult = { delivered: 0, failed: 0 };
      try {
        result = await this.deliverPending();
      } catch (error) {
        // The database itself is unreachable; keep polling until it returns.
        this.logger.warn(`outbox relay cannot read the outbox: ${(error as Error).message}`);
        result = { delivered: 0, failed: 1 };
      }
      if (result.delivered === this.config.outboxBatchSize) continue;
      // Failing (even before any row was read: PostgreSQL down) backs off instead of spinning.
      const failing = result.failed > 0 || this.lastDeliveryFailed;
      backoff = failing ? Math.min(backoff * 2, 5000) : this.config.outboxPollMs;
      if (this.running) await this.pause(backoff);
    }
  }

  private async pause(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wake = () => controller.abort();
    await sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    this.wake = undefined;
  }
}
