import { Metrics } from '@app/metrics';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_QUEUE_NAMES } from './queue.contract';
import { QueueRegistry } from './queue.registry';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * Queue and outbox state, read at each scrape: BullMQ jobs per queue and state, and the outbox rows
 * not yet handed to BullMQ (the backlog) with the age of the oldest (the lag).
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    this.metrics.gauge(
      'tierwatch_queue_jobs',
      'BullMQ jobs per queue and state (waiting, prioritized, active, delayed, failed)',
      ['queue', 'state'],
      async (set) => {
        for (const queue of ALL_QUEUE_NAMES) {
          const counts = await this.queues.get(queue).getJobCounts(...STATES);
          for (const state of STATES) set({ queue, state }, counts[state] ?? 0);
        }
      },
    );
    // The relay hands every row to BullMQ at once (a row due later becomes a delayed job), so any
    // undelivered row is backlog, late since it was written. One query, on the partial index.
    let pending: Promise<{ backlog: number; lag: number }> | undefined;
    const outbox = () =>
      (pending ??= this.dataSource
        .query(
          `SELECT count(*)::int AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag
             FROM outbox WHERE delivered_at IS NULL`,
        )
        .then((rows: { backlog: number; lag: number }[]) => rows[0])
        .finally(() => (pending = undefined)));
    this.metrics.gauge(
      'tierwatch_outbox_backlog',
      'Outbox rows not yet handed to BullMQ (the relay moves them within OUTBOX_POLL_MS while Redis is up)',
      [],
      async (set) => set({}, (await outbox()).backlog),
    );
    this.metrics.gauge(
      'tierwatch_outbox_lag_seconds',
      'Age of the oldest outbox row not yet handed to BullMQ (0 when none)',
      [],
      async (set) => set({}, (await outbox()).lag),
    );
  }
}
