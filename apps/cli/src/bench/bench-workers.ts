import { AssessmentRunService, AssessmentService } from '@app/assessment';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { dataSourceOptions } from '@app/persistence';
import { OutboxWriter, QueueName, QueueRegistry } from '@app/queue';
import { RuleSetStore } from '@app/rulesets';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { benchAssess } from './bench-assess';
import { resetAssessments } from './bench-assess-runs';
import { backendCpuMicros, backendCpuSpent } from './backend-cpu';

export interface BenchWorkersOptions {
  enterprises: number;
  seed: number;
  /** Worker process counts to measure, in order (e.g. [1, 2]). */
  workers: number[];
  /** Jobs each worker runs at once (WORKER_CONCURRENCY). */
  concurrency: number;
}

export interface WorkersFigure {
  workers: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  /** Relative to the first figure. */
  speedup: number;
  /** CPU per enterprise, µs: all worker processes together, and the database's backends. */
  cpuMicrosPerEnterprise: { workers: number; postgres: number | null };
  /** Average cores kept busy by the workers and the backends together (of the machine's). */
  coresBusy: number | null;
  load: { before: number; after: number };
}

const AS_OF = '2026-11-01';

/**
 * The 1M re-tier run through the real deployment shape: a queued run (outbox → BullMQ flow) executed
 * by N separate worker processes (`dist/apps/worker`), timed from the run's creation to its finish
 * (the database's own timestamps), with the CPU of the workers and of PostgreSQL's backends — so the
 * figures say how far adding workers helps on this machine and what stops it.
 */
export async function benchWorkers(base: AppConfig, options: BenchWorkersOptions): Promise<WorkersFigure[]> {
  // The population of bench:assess (populated there, or reused).
  await benchAssess(base, {
    enterprises: options.enterprises,
    seed: options.seed,
    concurrency: options.concurrency,
    chunkSize: base.assessmentChunkSize,
    reuse: true,
    populateOnly: true,
  });
  const url = new URL(base.databaseUrl);
  url.pathname = `/tw_bench_assess_${options.enterprises}_${options.seed}`;
  const config = base.with({ DATABASE_URL: url.toString(), NODE_ENV: 'test' });
  const ds = await new DataSource({
    ...dataSourceOptions(config, 'tierwatch-bench'),
    logging: false,
  }).initialize();
  const queues = new QueueRegistry(config);
  const figures: WorkersFigure[] = [];
  try {
    const cls = new ClsService(new AsyncLocalStorage());
    const audit = new AuditService(ds, cls);
    const runs = new AssessmentRunService(
      ds,
      new AssessmentService(ds),
      new RuleSetStore(ds),
      new OutboxWriter(cls),
      queues,
      audit,
      config,
    );
    for (const count of options.workers) {
      await resetAssessments(ds);
      await ds.query(`TRUNCATE reassessment_marks, outbox`);
      await ds.query(`VACUUM (ANALYZE)`);
      await ds.query(`CHECKPOINT`);
      const prefix = `tw-bench-workers-${Date.now().toString(36)}`;
      const workers = await Promise.all(
        Array.from({ length: count }, () => startWorker(config, prefix, options.concurrency)),
      );
      try {
        const loadBefore = loadavg()[0];
        const workerCpu0 = workers.map(processCpuMicros);
        const pgCpu0 = await backendCpuMicros(ds);
        const created = await runs.create(
          { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'bench' },
          'queue',
        );
        let status = 'queued';
        while (!['completed', 'completed_with_failures', 'failed', 'cancelled'].includes(status)) {
          await sleep(250);
          [{ status }] = await ds.query(`SELECT status FROM assessment_runs WHERE id = $1`, [created.id]);
        }
        const workerCpu = workers.reduce((sum, w, i) => sum + processCpuMicros(w) - workerCpu0[i], 0);
        const pgCpu = backendCpuSpent(pgCpu0, await backendCpuMicros(ds));
        const [row]: { seconds: number; assessed: number }[] = await ds.query(
          `SELECT extract(epoch FROM finished_at - created_at)::float8 AS seconds,
                  (SELECT count(*)::int FROM run_assessments WHERE run_id = $1) AS assessed
             FROM assessment_runs WHERE id = $1`,
          [created.id],
        );
        if (status !== 'completed') throw new Error(`run ${created.id} ended ${status}`);
        const per = (micros: number) => Math.round((micros / row.assessed) * 10) / 10;
        const figure: WorkersFigure = {
          workers: count,
          concurrency: options.concurrency,
          seconds: Math.round(row.seconds * 10) / 10,
          perSecond: Math.round(row.assessed / row.seconds),
          speedup: figures.length ? Math.round((figures[0].seconds / row.seconds) * 100) / 100 : 1,
          cpuMicrosPerEnterprise: {
            workers: per(workerCpu),
            postgres: pgCpu === undefined ? null : per(pgCpu),
          },
          coresBusy:
            pgCpu === undefined ? null : Math.round(((workerCpu + pgCpu) / 1e6 / row.seconds) * 100) / 100,
          load: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0] * 10) / 10 },
        };
        figures.push(figure);
        console.log(
          `${count} worker(s) × ${options.concurrency} jobs: ${figure.seconds} s, ${figure.perSecond}/s, ` +
            `speed-up ${figure.speedup}, ${figure.coresBusy ?? '?'} of ${availableParallelism()} cores busy`,
        );
      } finally {
        await Promise.all(workers.map(stopWorker));
        // The workers' queue keys (their own prefix) go with them.
        const theirs = new QueueRegistry(config.with({ REDIS_PREFIX: prefix }));
        await theirs
          .get(QueueName.Assessment)
          .obliterate({ force: true })
          .catch(() => undefined);
        await theirs.onApplicationShutdown();
      }
    }
    return figures;
  } finally {
    await queues.onApplicationShutdown();
    await ds.destroy();
  }
}

/** Starts `dist/apps/worker` against the bench database; resolves once it says it is running. */
async function startWorker(config: AppConfig, prefix: string, concurrency: number): Promise<ChildProcess> {
  const main = join(__dirname, '..', '..', '..', 'worker', 'src', 'main.js');
  const child = spawn(process.execPath, ['--max-semi-space-size=64', main], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      REDIS_PREFIX: prefix,
      WORKER_CONCURRENCY: String(concurrency),
      WORKER_HEALTH_PORT: '0',
      // The worker refuses to start without one; the bench's workers serve no request.
      AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? randomBytes(32).toString('hex'),
      LOG_LEVEL: 'log',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let running = false;
  child.stdout.setEncoding('utf8');
  const ready = new Promise<void>((resolve, reject) => {
    // Read (and, once it runs, drop) the worker's log: a pipe nobody reads would stall it.
    child.stdout.on('data', (text: string) => {
      if (running) return;
      output = (output + text).slice(-20_000);
      if (output.includes('tierwatch worker running')) {
        running = true;
        resolve();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`worker exited (${code}) before it ran: ${output.slice(-2000)}`)),
    );
  });
  await Promise.race([
    ready,
    sleep(60_000).then(() => {
      throw new Error('worker did not start within 60 s');
    }),
  ]);
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/** CPU time (user + system, µs) of a child process, from /proc/<pid>/stat. */
function processCpuMicros(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}
