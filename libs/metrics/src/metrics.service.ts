import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a fast read (5 ms) to a large import or a chunk of a re-tier run (2 min). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** A gauge read when Prometheus scrapes: `set` is called once per label set with the current value. */
export type GaugeCollector = (set: (labels: Record<string, string>, value: number) => void) => Promise<void>;

/**
 * The process's Prometheus metrics (prom-client), one registry per application: api, worker and CLI
 * each expose their own, and Prometheus sums over instances. Counters and histograms are fed where
 * the work happens; gauges of shared state (queues, outbox, runs, the pool) are read at scrape time.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'tierwatch_http_request_duration_seconds',
    help: 'HTTP requests by route pattern (not the raw URL), method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'tierwatch_job_duration_seconds',
    help: 'BullMQ jobs processed by this worker, by queue, job name and outcome (completed, failed)',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly assessments = new Counter({
    name: 'tierwatch_assessments_total',
    help: 'Assessments decided, by tier ("none" when the facts could not be evaluated), trigger and outcome (written, or confirmed unchanged by a run)',
    labelNames: ['tier', 'trigger', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly runEnterprises = new Counter({
    name: 'tierwatch_assessment_run_enterprises_total',
    help: 'Enterprises assessed by re-tier run chunks (rate() is the run throughput)',
    registers: [this.registry],
  });

  readonly importRows = new Counter({
    name: 'tierwatch_import_rows_total',
    help: 'Ingested rows by target (enterprises, records) and outcome (accepted, updated, unchanged, rejected, duplicate)',
    labelNames: ['target', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tierwatch_process_' });
  }

  /** A gauge whose values are read from shared state (PostgreSQL, Redis, a pool) at each scrape. */
  gauge(name: string, help: string, labelNames: readonly string[], collect: GaugeCollector): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect((labels, value) => this.set(labels, value));
      },
    });
  }

  /** Counts a batch's assessments: `tiers` per tier, `failed` as tier "none". */
  countAssessments(
    tiers: Record<string, number>,
    failed: number,
    trigger: string,
    outcome: 'written' | 'confirmed' = 'written',
  ): void {
    for (const [tier, n] of Object.entries(tiers))
      if (n > 0) this.assessments.inc({ tier, trigger, outcome }, n);
    if (failed > 0) this.assessments.inc({ tier: 'none', trigger, outcome }, failed);
  }

  /** Counts an ingestion batch's rows by outcome. */
  countImportRows(target: string, outcomes: Record<string, number>): void {
    for (const [outcome, n] of Object.entries(outcomes))
      if (n > 0) this.importRows.inc({ target, outcome }, n);
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
