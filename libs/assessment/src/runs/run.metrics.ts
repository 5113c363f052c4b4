import { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface OpenRun {
  id: string;
  total: number | null;
  done: number;
  idle: number;
}

/**
 * Re-tier runs in progress, read at each scrape: enterprises done out of the total per open run, and
 * seconds since the run last finished a chunk (the stalled-run alert compares it with
 * ASSESSMENT_RUN_STALLED_AFTER_MS). The throughput is rate(tierwatch_assessment_run_enterprises_total).
 */
@Injectable()
export class RunMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    let pending: Promise<OpenRun[]> | undefined;
    const runs = () =>
      (pending ??= this.dataSource
        .query(
          `SELECT r.id::text AS id, r.total,
                  coalesce(sum(c.assessed + c.failed) FILTER (WHERE c.status <> 'pending'), 0)::int AS done,
                  extract(epoch FROM now() - greatest(max(c.finished_at), r.started_at, r.created_at))::float8 AS idle
             FROM assessment_runs r LEFT JOIN assessment_run_chunks c ON c.run_id = r.id
            WHERE r.status IN ('queued', 'planning', 'running', 'cancelling')
            GROUP BY r.id`,
        )
        .finally(() => (pending = undefined)) as Promise<OpenRun[]>);
    this.metrics.gauge(
      'tierwatch_assessment_run_enterprises',
      'Open re-tier runs: enterprises in scope (state="total") and assessed so far (state="done")',
      ['run', 'state'],
      async (set) => {
        for (const r of await runs()) {
          if (r.total !== null) set({ run: r.id, state: 'total' }, r.total);
          set({ run: r.id, state: 'done' }, r.done);
        }
      },
    );
    this.metrics.gauge(
      'tierwatch_assessment_run_idle_seconds',
      'Open re-tier runs: seconds since the last chunk finished (or the run started)',
      ['run'],
      async (set) => {
        for (const r of await runs()) set({ run: r.id }, r.idle);
      },
    );
    this.metrics.gauge(
      'tierwatch_enterprises',
      'Enterprises by current tier ("none": not assessed yet), from the maintained tier summary',
      ['tier'],
      async (set) => {
        const rows: { tier: string; n: number }[] = await this.dataSource.query(
          `SELECT coalesce(nullif(tier, ''), 'none') AS tier, sum(n)::float8 AS n FROM tier_summary GROUP BY 1`,
        );
        for (const r of rows) set({ tier: r.tier }, r.n);
      },
    );
    this.metrics.gauge(
      'tierwatch_assessment_run_stalled_after_seconds',
      'ASSESSMENT_RUN_STALLED_AFTER_MS in seconds: an open run idle longer is stalled',
      [],
      async (set) => set({}, this.config.assessmentRunStalledAfterMs / 1000),
    );
  }
}
