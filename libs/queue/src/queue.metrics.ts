import { Metrics } from '@app/metrics';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_QUEUE_NAMES } from './queue.contract';
import { QueueRegistry } from './queue.registry';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * Queue and outbox state, read at each scrape: BullMQ jobs per queue and state, and the outbox rows
 * not yet handed to BullMQ (due now: the backlog and how late its oldest is; due later: scheduled).
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
    // One query for the three outbox figures, through the partial index of undelivered rows.
    let pending: Promise<{ due: number; scheduled: number; lag: number }> | undefined;
    const outbox = () =>
      (pending ??= this.dataSource
        .query(
          `SELECT count(*) FILTER (WHERE run_at <= now())::int AS due,
                  count(*) FILTER (WHERE run_at > now())::int AS scheduled,
                  coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())), 0)::float8 AS lag
             FROM outbox WHERE delivered_at IS NULL`,
        )
        .then((rows: { due: number; scheduled: number; lag: number }[]) => rows[0])
        .finally(() => (pending = undefined)));
    this.metrics.gauge(
      'tierwatch_outbox_backlog',
      'Outbox rows due but not yet handed to BullMQ',
      [],
      async (set) => set({}, (await outbox()).due),
    );
    this.metrics.gauge(
      'tierwatch_outbox_scheduled',
      'Outbox rows due later (reminders, deadlines, debounced re-tiers)',
      [],
      async (set) => set({}, (await outbox()).scheduled),
    );
    this.metrics.gauge(
      'tierwatch_outbox_lag_seconds',
      'How long the oldest due outbox row has waited past its due time (0 when none)',
      [],
      async (set) => set({}, (await outbox()).lag),
    );
  }
}
