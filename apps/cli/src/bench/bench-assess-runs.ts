import { AssessmentRunService, AssessmentService, ChangeFeed, contentKey, RunScope } from '@app/assessment';
import type { RuleSetDocument } from '@app/rules';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { IngestService } from '@app/ingestion';
import { OutboxWriter } from '@app/queue';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Progress } from '../progress';
import { StageTotals } from '../stage-totals';
import { backendCpuMicros, backendCpuSpent } from './backend-cpu';
import type { BenchAssessOptions } from './bench-assess';

/** The timed runs of bench:assess over a populated register: full runs, and the daily incremental one. */
export interface BenchIncrementalResult {
  asOf: string;
  /** Enterprises given a new record (1 %), and those whose stored next change had come. */
  changed: number;
  dueByDate: number;
  daily: TimedDueRun;
  full: TimedDueRun;
  /** daily / full time. */
  ratio: number;
  /** Enterprises whose tier or facts after the daily run differ from the full run's (must be 0). */
  differing: number;
}

/** One timed run of the incremental bench, with the CPU and WAL it took per enterprise. */
export interface TimedDueRun {
  seconds: number;
  enterprises: number;
  cpuMicrosPerEnterprise: { node: number; postgres: number | null };
  walBytesPerEnterprise: number;
}

/** The source of the records the incremental bench adds (removed again before the next run). */
export const INCREMENTAL_SOURCE = 'bench-incremental';

/** CPU (this process; the database's backends) and WAL per enterprise. */
type RunCost = Pick<TimedDueRun, 'cpuMicrosPerEnterprise' | 'walBytesPerEnterprise'>;

/**
 * Starts counting the CPU this process and the database's backends spend and the WAL written; the
 * function it returns reads them, per enterprise of `enterprises`.
 */
async function costMeter(ds: DataSource): Promise<(enterprises: number) => Promise<RunCost>> {
  const nodeCpu0 = process.cpuUsage();
  const pgCpu0 = await backendCpuMicros(ds);
  const [{ lsn: wal0 }] = await ds.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
  return async (enterprises) => {
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const pgCpu = backendCpuSpent(pgCpu0, await backendCpuMicros(ds));
    const [{ bytes: walBytes }] = await ds.query(
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS bytes`,
      [wal0],
    );
    const per = Math.max(enterprises, 1);
    const perEnterprise = (micros: number) => Math.round((micros / per) * 10) / 10;
    return {
      cpuMicrosPerEnterprise: {
        node: perEnterprise(nodeCpu.user + nodeCpu.system),
        postgres: pgCpu === undefined ? null : perEnterprise(pgCpu),
      },
      walBytesPerEnterprise: Math.round(walBytes / per),
    };
  };
}

/** One full run as of a date, timed, with the CPU, WAL, memory and load it took. */
export async function timedFullRun(
  ds: DataSource,
  runs: AssessmentRunService,
  asOf: string,
  options: BenchAssessOptions,
  showProgress: boolean,
) {
  const loadBefore = loadavg()[0];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const created = await runs.create(
    { scope: { type: 'all' }, asOf, trigger: 'manual', requestedBy: 'bench', chunkSize: options.chunkSize },
    'inline',
  );
  const progress = new Progress(showProgress ? 'assess' : `assess as of ${asOf}`, options.enterprises);
  const stages = new StageTotals();
  const cost = await costMeter(ds);
  const t0 = performance.now();
  const run = await runs.runInline(created.id, {
    concurrency: options.concurrency,
    onChunk: (outcome) => {
      stages.add(outcome);
      progress.update(stages.done);
    },
    pruneDueLog: false,
  });
  const seconds = (performance.now() - t0) / 1000;
  const spent = await cost(stages.done);
  const loadAfter = loadavg()[0];
  progress.stop();
  await pruneAfter(runs, asOf, true);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (run.status !== 'completed') throw new Error(`run ${run.id} ended ${run.status}: ${run.failureReason}`);
  return {
    run,
    seconds,
    stages,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    ...spent,
    load: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadAfter * 10) / 10 },
  };
}

/**
 * What the worker does after a run, off the run's path (its finish job): drop the rows of the due
 * log the run made stale. Not in the run's time; its own is printed.
 */
async function pruneAfter(runs: AssessmentRunService, asOf: string, full: boolean): Promise<void> {
  const t0 = performance.now();
  const dropped = await runs.pruneDueLog(asOf, { later: full });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `after the run as of ${asOf} (not timed): ${dropped} stale rows of the due log dropped in ${seconds.toFixed(2)} s`,
  );
}

/**
 * Removes every assessment, confirmation and run, and the current tiers they set (not timed): each
 * timed run starts from the population without assessments, so runs compare (each run would
 * otherwise add 1M assessments, and autovacuum, to the next).
 */
export async function resetAssessments(ds: { query(sql: string): Promise<unknown> }): Promise<void> {
  await ds.query(`TRUNCATE assessments, assessment_confirmations, assessment_run_chunks, assessment_runs`);
  await ds.query(
    `UPDATE enterprises SET current_tier = NULL, previous_tier = NULL, current_assessment_id = NULL,
            current_facts_known_at = NULL, next_tier_change_on = NULL, current_content_key = NULL,
            current_as_of = NULL, current_facts_key = NULL
      WHERE current_assessment_id IS NOT NULL OR current_tier IS NOT NULL`,
  );
  // every enterprise untiered again: the daily scope's log says so (as ingestion's trigger would)
  await ds.query(`TRUNCATE tiering_due`);
  await ds.query(
    `INSERT INTO tiering_due (due_on, uscc) SELECT '-infinity', uscc FROM enterprises ORDER BY uscc`,
  );
}

/**
 * The daily incremental run against a full run of the same day: 1 % of the enterprises get a new
 * record dated the day after the full run (through ingestion, which marks them), then the daily run
 * (scope `due`) and a full run of that day are timed, and the tier and facts every enterprise holds
 * after the daily run are compared with those the full run computes.
 */
export async function benchIncremental(
  ds: DataSource,
  runs: AssessmentRunService,
  config: AppConfig,
  options: BenchAssessOptions,
  lastFullRun: string,
): Promise<BenchIncrementalResult> {
  const asOf = new Date(Date.parse(`${lastFullRun}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await ds.query(`TRUNCATE reassessment_marks, outbox`);
  const picked: { uscc: string }[] = await ds.query(
    `SELECT uscc FROM enterprises ORDER BY md5(uscc || $2) LIMIT $1`,
    [Math.round(options.enterprises / 100), String(options.seed)],
  );
  const cls = new ClsService(new AsyncLocalStorage());
  const ingest = new IngestService(
    ds,
    new AuditService(ds, cls),
    new ChangeFeed(new OutboxWriter(cls), config),
  );
  const severities = ['minor', 'general', 'serious'];
  await ingest.ingest(
    'records',
    (function* () {
      for (let i = 0; i < picked.length; i++)
        yield {
          row: i + 1,
          value: {
            uscc: picked[i].uscc.trim(),
            type: 'administrative_penalty',
            source: INCREMENTAL_SOURCE,
            sourceRecordId: `incr-${i}`,
            severity: severities[i % 3],
            occurredOn: asOf,
            payload: { measure: 'fine', amount: '20000.00' },
          },
        };
    })(),
    { actor: 'bench:assess' },
  );
  const [{ due }] = await ds.query(
    `SELECT count(*)::int AS due FROM enterprises WHERE next_tier_change_on <= $1::date`,
    [asOf],
  );
  await ds.query(`VACUUM ANALYZE enterprises`);
  const timedRun = async (scope: RunScope) => {
    const created = await runs.create(
      { scope, asOf, trigger: 'manual', requestedBy: 'bench', chunkSize: options.chunkSize },
      'inline',
    );
    // The daily run runs at night, hours after the day's ingestion: by then the checkpointer has
    // written the pages ingestion dirtied (checkpoint_timeout is minutes). Without this, the run's
    // own backends wrote them out as they evicted them — 12,000-24,000 pages per run of 10,000
    // enterprises against 8,000 after a checkpoint, measured — a cost of the ingestion a moment
    // before, not of the run. Both timed runs start so.
    await ds.query(`CHECKPOINT`);
    const cost = await costMeter(ds);
    const t0 = performance.now();
    const run = await runs.runInline(created.id, { concurrency: options.concurrency, pruneDueLog: false });
    const seconds = (performance.now() - t0) / 1000;
    const spent = await cost(run.progress.assessed);
    await pruneAfter(runs, asOf, scope.type === 'all');
    if (run.status !== 'completed') throw new Error(`run ${run.id} ended ${run.status}`);
    const timed: TimedDueRun = {
      seconds: Math.round(seconds * 100) / 100,
      enterprises: run.progress.assessed,
      ...spent,
    };
    return { id: run.id, timed };
  };
  console.log(`incremental: ${picked.length} enterprises changed, ${due} due by date on ${asOf}`);
  const daily = await timedRun({ type: 'due' });
  await ds.query(`DROP TABLE IF EXISTS bench_after_daily`);
  await ds.query(
    `CREATE TABLE bench_after_daily AS
       SELECT e.uscc, e.current_tier AS tier, a.input_digest FROM enterprises e
         LEFT JOIN assessments a ON a.id = e.current_assessment_id`,
  );
  const full = await timedRun({ type: 'all' });
  const [{ differing }] = await ds.query(
    `SELECT count(*)::int AS differing FROM enterprises e
       LEFT JOIN bench_after_daily d ON d.uscc = e.uscc
       LEFT JOIN run_assessments a ON a.run_id = $1 AND a.uscc = e.uscc
      WHERE a.assessment_id IS NULL OR d.uscc IS NULL OR a.tier IS DISTINCT FROM d.tier OR a.input_digest IS DISTINCT FROM d.input_digest`,
    [full.id],
  );
  await ds.query(`DROP TABLE bench_after_daily`);
  return {
    asOf,
    changed: picked.length,
    dueByDate: due,
    daily: daily.timed,
    full: full.timed,
    ratio: Math.round((daily.timed.seconds / full.timed.seconds) * 1000) / 1000,
    differing,
  };
}

/**
 * Every enterprise's current tier and assessment (its content key) against what evaluating its facts
 * as of `asOf` gives, for the whole register (not timed): a run confirms unchanged facts by their key
 * without evaluating them, and must still hold what evaluating everyone would. Returns the enterprises
 * compared and those that differ (must be 0).
 */
export async function differingFromEvaluation(
  ds: DataSource,
  assessments: AssessmentService,
  ruleSet: RuleSetDocument,
  asOf: string,
  batch = 5_000,
): Promise<{ enterprises: number; differing: number }> {
  let after = '';
  let enterprises = 0;
  let differing = 0;
  for (;;) {
    const rows: { uscc: string; tier: string | null; key: string | null }[] = await ds.query(
      `SELECT uscc, current_tier AS tier, current_content_key AS key FROM enterprises
        WHERE uscc > $1 ORDER BY uscc LIMIT $2`,
      [after, batch],
    );
    if (rows.length === 0) return { enterprises, differing };
    after = rows.at(-1)!.uscc;
    const evaluated = await assessments.dryRun(
      ruleSet,
      rows.map((r) => r.uscc),
      asOf,
      new Date(),
    );
    const current = new Map(rows.map((r) => [r.uscc.trim(), r]));
    for (const a of evaluated) {
      const c = current.get(a.uscc);
      if (!c || c.tier !== a.tier || c.key !== contentKey(ruleSet.kind, ruleSet.version, a)) differing++;
    }
    enterprises += rows.length;
  }
}
