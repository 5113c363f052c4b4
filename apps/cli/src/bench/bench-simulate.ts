import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { Clock } from '@app/domain';
import { dataSourceOptions } from '@app/persistence';
import { OutboxWriter } from '@app/queue';
import { TieringRuleSet } from '@app/rules';
import { RuleSetStore, ruleSetChecksum } from '@app/rulesets';
import { BacktestService, SimulationRunner, SimulationService } from '@app/simulation';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Progress } from '../progress';
import { benchAssess, BenchAssessResult } from './bench-assess';

export interface BenchSimulateOptions {
  enterprises: number;
  seed: number;
  concurrency: number;
  chunkSize: number;
  reuse: boolean;
}

export interface BenchSimulateResult {
  enterprises: number;
  retier: { seconds: number; perSecond: number; stages: BenchAssessResult['stages'] };
  simulation: {
    seconds: number;
    perSecond: number;
    chunks: number;
    changed: number;
    draft: string;
    against: string;
    /** Enterprises per second of each stage's own (summed) time. */
    stages: { deriveFacts: number; compare: number; writeTally: number };
  };
  /** simulation seconds / re-tier seconds (target ≤ 2). */
  ratio: number;
  assessmentsWritten: number;
  matrix: Record<string, Record<string, number>>;
  peakRssMb: number;
  machine: { loadBefore: number; loadAfter: number; cores: number };
}

const DRAFT = 'bench-sim';

/**
 * Simulating a population against a re-tier run of the same population: bench:assess populates (or
 * reuses) its database and times a real re-tier run; then a stricter draft of the tiering version in
 * force (every general-penalty rule's points doubled) is simulated on the same enterprises in this
 * process — chunks as the worker runs them, `concurrency` in flight — and timed. The assessments
 * table is counted before and after: a simulation writes none.
 */
export async function benchSimulate(
  base: AppConfig,
  options: BenchSimulateOptions,
): Promise<BenchSimulateResult> {
  const loadBefore = loadavg()[0];
  const retier: BenchAssessResult | undefined = await benchAssess(base, { ...options, populateOnly: false });
  if (!retier) throw new Error('bench:assess returned no figures');
  const url = new URL(base.databaseUrl);
  url.pathname = `/tw_bench_assess_${options.enterprises}_${options.seed}`;
  const config = base.with({
    DATABASE_URL: url.toString(),
    NODE_ENV: 'test',
    ASSESSMENT_CHUNK_SIZE: options.chunkSize,
  });
  const ds = await new DataSource({
    ...dataSourceOptions(config, 'tierwatch-bench'),
    logging: false,
  }).initialize();
  try {
    const cls = new ClsService(new AsyncLocalStorage());
    const audit = new AuditService(ds, cls);
    const outbox = new OutboxWriter(cls);
    const ruleSets = new RuleSetStore(ds);
    const simulations = new SimulationService(ds, ruleSets, outbox, audit, config, new Clock());
    const runner = new SimulationRunner(ds, ruleSets, new BacktestService(ds, ruleSets), outbox, audit);

    await ds.query(`DELETE FROM simulations`);
    await ds.query(`DELETE FROM rule_set_versions WHERE kind = 'tiering' AND version = $1`, [DRAFT]);
    const today = new Date().toISOString().slice(0, 10);
    const inForce = (await ruleSets.inForce('tiering', today)).ruleSet as TieringRuleSet;
    const draft = stricterDraft(inForce);
    await ds.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, effective_from)
       VALUES ('tiering', $1, 'draft', $2::jsonb, $3, 'bench', $4::timestamptz)`,
      [DRAFT, JSON.stringify(draft), ruleSetChecksum(draft), draft.effectiveFrom],
    );
    const count = async () => Number((await ds.query(`SELECT count(*)::bigint AS n FROM assessments`))[0].n);
    const assessmentsBefore = await count();

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const created = await simulations.create(
      {
        kind: 'tiering',
        version: DRAFT,
        scope: { type: 'all' },
        requestedBy: 'bench',
        chunkSize: options.chunkSize,
      },
      'inline',
    );
    const progress = new Progress('simulate', options.enterprises);
    let done = 0;
    const stageMs = { derive: 0, compare: 0, write: 0 };
    const t0 = performance.now();
    await runner.runInline(created.id, options.concurrency, (o) => {
      if (o.status !== 'done') return;
      stageMs.derive += o.timings.deriveMs;
      stageMs.compare += o.timings.compareMs;
      stageMs.write += o.timings.writeMs;
      progress.update((done += o.processed));
    });
    const seconds = (performance.now() - t0) / 1000;
    progress.stop();
    clearInterval(sampler);
    const view = await simulations.get(created.id);
    if (view.status !== 'completed' || !view.result) {
      throw new Error(`simulation ${view.id} ended ${view.status}: ${view.failureReason}`);
    }
    return {
      enterprises: options.enterprises,
      retier: { seconds: retier.run.seconds, perSecond: retier.run.perSecond, stages: retier.stages },
      simulation: {
        seconds: Math.round(seconds * 10) / 10,
        perSecond: Math.round(view.result.enterprises / seconds),
        chunks: view.progress.chunks.total,
        changed: view.result.changed,
        draft: DRAFT,
        against: view.against.version,
        stages: {
          deriveFacts: Math.round(done / Math.max(stageMs.derive / 1000, 0.001)),
          compare: Math.round(done / Math.max(stageMs.compare / 1000, 0.001)),
          writeTally: Math.round(done / Math.max(stageMs.write / 1000, 0.001)),
        },
      },
      ratio: Math.round((seconds / retier.run.seconds) * 100) / 100,
      assessmentsWritten: (await count()) - assessmentsBefore,
      matrix: view.result.matrix,
      peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024),
      machine: {
        loadBefore: round1(loadBefore),
        loadAfter: round1(loadavg()[0]),
        cores: availableParallelism(),
      },
    };
  } finally {
    await ds.destroy();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The version in force with the points of every general-penalty rule doubled. */
function stricterDraft(ruleSet: TieringRuleSet): TieringRuleSet {
  const copy = JSON.parse(JSON.stringify(ruleSet)) as TieringRuleSet & {
    rules: { name: string; event: { params?: { points?: number } } }[];
  };
  copy.version = DRAFT;
  for (const rule of copy.rules) {
    const params = rule.event.params;
    if (rule.name.startsWith('general-penalty') && typeof params?.points === 'number') params.points *= 2;
  }
  return copy;
}
