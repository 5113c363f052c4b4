import { AssessmentRunService, AssessmentService, ChangeFeed, FactDeriver } from '@app/assessment';
import { RuleSetStore } from '@app/rulesets';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { generateEnterprises, generateRecords, IngestService } from '@app/ingestion';
import { dataSourceOptions, migrateWithLock } from '@app/persistence';
import { OutboxWriter, QueueRegistry } from '@app/queue';
import { compileRules, createReferenceEvaluator, Facts, resolveFacts } from '@app/rules';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { loadGenerated } from '../load-generated';
import { Progress } from '../progress';
import { StageTotals } from '../stage-totals';
import { withClient } from './scratch-database';

export interface BenchAssessOptions {
  enterprises: number;
  seed: number;
  concurrency: number;
  chunkSize: number;
  /** Keep the populated database and use it again next time (population setup is not timed anyway). */
  reuse: boolean;
  /** Only populate the database, then stop (the bench runs this in a child process of its own). */
  populateOnly?: boolean;
}

export interface BenchAssessResult {
  enterprises: number;
  records: number;
  run: { seconds: number; perSecond: number; chunks: number; concurrency: number; chunkSize: number };
  stages: { deriveFacts: number; evaluate: number; writeAssessments: number };
  evaluation: { facts: number; compiledPerSecond: number; jsonRulesEnginePerSecond: number; speedup: number };
  tiers: Record<string, string>;
  peakRssMb: number;
}

/** The date the population is generated up to and assessed as of: fixed, so runs compare. */
const AS_OF = '2026-11-01';

/**
 * Re-tiers a synthetic population end to end as one run executed in this process — facts derived
 * in PostgreSQL per chunk, compiled rules, assessments appended and current tiers moved, with
 * `concurrency` chunks in flight — and, on facts of the same population, times the compiled rules
 * against json-rules-engine.
 */
export async function benchAssess(
  base: AppConfig,
  options: BenchAssessOptions,
): Promise<BenchAssessResult | undefined> {
  const name = `tw_bench_assess_${options.enterprises}_${options.seed}`;
  const admin = new URL(base.databaseUrl);
  admin.pathname = '/postgres';
  const url = new URL(base.databaseUrl);
  url.pathname = `/${name}`;
  const config = base.with({
    DATABASE_URL: url.toString(),
    NODE_ENV: 'test',
    ASSESSMENT_CHUNK_SIZE: options.chunkSize,
  });
  const exists = await withClient(admin.toString(), async (c) => {
    const found = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (options.populateOnly) {
      if (!found.rowCount) await c.query(`CREATE DATABASE ${name}`);
      return true;
    }
    if (found.rowCount && !options.reuse) await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
    if (!found.rowCount || !options.reuse) await c.query(`CREATE DATABASE ${name}`);
    return Boolean(found.rowCount) && options.reuse;
  });
  const ds = await new DataSource({
    ...dataSourceOptions(config, 'tierwatch-bench'),
    logging: false,
  }).initialize();
  const queues = new QueueRegistry(config);
  try {
    await migrateWithLock(ds);
    const cls = new ClsService(new AsyncLocalStorage());
    const audit = new AuditService(ds, cls);
    const outbox = new OutboxWriter(cls);
    const [{ n: present }] = await ds.query(`SELECT count(*)::int AS n FROM enterprises`);
    if (options.populateOnly) {
      if (present !== options.enterprises)
        await populate(ds, new IngestService(ds, audit, new ChangeFeed(outbox, config)), options, config);
      return undefined;
    }
    if (!exists || present !== options.enterprises) {
      // Populated by a child process: the measured run then starts, like a worker, with a heap that
      // did not just stream ten million records through ingestion (measured: 75-80 s instead of
      // 52-60 s for the same run when populated in this process).
      await populateInChild(options);
    } else {
      // Every run starts from the same state — the population without assessments — so runs compare
      // (each run would otherwise add 1M assessments, and autovacuum, to the next).
      console.log(`reusing ${name}: ${present} enterprises; earlier assessments removed`);
      await ds.query(`TRUNCATE assessments, assessment_run_chunks, assessment_runs`);
    }
    // The marks and jobs ingestion left for the change feed are not part of the benchmark.
    await ds.query(`TRUNCATE reassessment_marks, outbox`);
    await ds.query(`VACUUM (ANALYZE, FREEZE)`);
    await ds.query(`CHECKPOINT`);
    const [{ records }] = await ds.query(
      `SELECT (SELECT count(*) FROM credit_records) + (SELECT count(*) FROM risk_records) AS records`,
    );

    const assessments = new AssessmentService(ds);
    const ruleSets = new RuleSetStore(ds);
    const runs = new AssessmentRunService(ds, assessments, ruleSets, outbox, queues, audit, config);
    const { ruleSet } = await ruleSets.inForce('tiering', AS_OF);

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const created = await runs.create(
      {
        scope: { type: 'all' },
        asOf: AS_OF,
        trigger: 'manual',
        requestedBy: 'bench',
        chunkSize: options.chunkSize,
      },
      'inline',
    );
    const progress = new Progress('assess', options.enterprises);
    const stages = new StageTotals();
    const t0 = performance.now();
    const run = await runs.runInline(created.id, {
      concurrency: options.concurrency,
      onChunk: (outcome) => {
        stages.add(outcome);
        progress.update(stages.done);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    progress.stop();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (run.status !== 'completed')
      throw new Error(`run ${run.id} ended ${run.status}: ${run.failureReason}`);

    const evaluation = await compareEvaluators(ds, ruleSet);
    const assessed = run.progress.assessed;
    return {
      enterprises: options.enterprises,
      records: Number(records),
      run: {
        seconds: Math.round(seconds * 10) / 10,
        perSecond: Math.round(stages.done / seconds),
        chunks: run.progress.chunks.total,
        concurrency: options.concurrency,
        chunkSize: options.chunkSize,
      },
      stages: stages.rates(),
      evaluation,
      tiers: Object.fromEntries(
        Object.entries(run.tiers)
          .sort()
          .map(([t, n]) => [t, `${n} (${((n / assessed) * 100).toFixed(1)}%)`]),
      ),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
    };
  } finally {
    await queues.onApplicationShutdown();
    await ds.destroy();
  }
}

/** Runs this same command with `--populate-only` in a child process and waits for it. */
async function populateInChild(options: BenchAssessOptions): Promise<void> {
  const args = [
    // The same Node flags (the young generation's size), but no debugger or profiler of the parent's.
    ...process.execArgv.filter((a) => !/^--(inspect|cpu-prof|heap-prof)/.test(a)),
    process.argv[1],
    'bench',
    'assess',
    '--enterprises',
    String(options.enterprises),
    '--seed',
    String(options.seed),
    '--populate-only',
  ];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`populating the bench database failed (exit code ${code})`);
}

async function populate(
  ds: DataSource,
  ingest: IngestService,
  options: BenchAssessOptions,
  config: AppConfig,
): Promise<void> {
  const population = { enterprises: options.enterprises, seed: options.seed, asOf: AS_OF };
  console.log(
    `populating: ${options.enterprises} enterprises, seed ${options.seed}, through ingestion (not timed)`,
  );
  for (const [target, rows, expected] of [
    ['enterprises', generateEnterprises(population), options.enterprises],
    ['records', generateRecords(population), options.enterprises * 10],
  ] as const) {
    await loadGenerated(ingest, target, rows, expected, {
      actor: 'bench:assess',
      batchSize: config.ingestBatchSize,
    });
  }
}

/** Compiled rules against json-rules-engine on the same derived facts (20,000 enterprises). */
async function compareEvaluators(
  ds: DataSource,
  ruleSet: Awaited<ReturnType<RuleSetStore['inForce']>>['ruleSet'],
): Promise<BenchAssessResult['evaluation']> {
  const sample: { uscc: string }[] = await ds.query(`SELECT uscc FROM enterprises ORDER BY uscc LIMIT 20000`);
  const derived = await new FactDeriver(ruleSet.facts).derive(
    ds,
    sample.map((s) => s.uscc),
    AS_OF,
  );
  const facts: Facts[] = [];
  for (const d of derived) {
    const resolved = resolveFacts(ruleSet, d.facts);
    if (resolved.ok) facts.push(resolved.facts);
  }
  const compiled = compileRules(ruleSet.rules).evaluator;
  const reference = createReferenceEvaluator(ruleSet.rules);
  const c0 = performance.now();
  let compiledRuns = 0;
  while (performance.now() - c0 < 2000) {
    for (const f of facts) void compiled.evaluate(f);
    compiledRuns += facts.length;
  }
  const compiledPerSecond = compiledRuns / ((performance.now() - c0) / 1000);
  const referenceFacts = facts.slice(0, 5000);
  const r0 = performance.now();
  for (const f of referenceFacts) await reference.evaluate(f);
  const jsonRulesEnginePerSecond = referenceFacts.length / ((performance.now() - r0) / 1000);
  return {
    facts: facts.length,
    compiledPerSecond: Math.round(compiledPerSecond),
    jsonRulesEnginePerSecond: Math.round(jsonRulesEnginePerSecond),
    speedup: Math.round(compiledPerSecond / jsonRulesEnginePerSecond),
  };
}
