import { parseInput } from '@app/ingestion';
import { INestApplicationContext } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createWorker } from '../../../apps/worker/src/worker.factory';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { enterpriseRow } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { eventually, TestEnv } from '../../support/test-env';

const WORKER_MAIN = join(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const N = 60;

/**
 * A real worker process is killed (SIGKILL) while its chunk transactions are open; another worker
 * takes the chunks over once their locks expire. The run ends with every enterprise assessed once.
 */
describe('a re-tier run survives a killed worker', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  let child: ChildProcess | undefined;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build first`);
    env = await TestEnv.create({
      ASSESSMENT_CHUNK_SIZE: '10',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      REASSESS_DEBOUNCE_MS: '600000',
    });
    ds = await env.dataSource();
    const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
    await ingestService(ds, env.config).ingest(
      'enterprises',
      json(Array.from({ length: N }, (_, i) => enterpriseRow(i))),
      { actor: 'test' },
    );
    s = assessmentServices(ds, env.config);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.close();
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('retries the killed chunks: nobody assessed twice, nobody skipped', async () => {
    // Hold every enterprise row: chunks derive and evaluate, append their assessments, then wait
    // on the current-tier update — inside their transactions, uncommitted.
    const blocker = new Client({ connectionString: env.config.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    blocker.on('error', () => undefined);
    await blocker.query('SELECT uscc FROM enterprises FOR NO KEY UPDATE');

    const run = await s.runs.create({
      scope: { type: 'all' },
      asOf: '2026-11-01',
      trigger: 'manual',
      requestedBy: 't',
    });
    child = spawn(process.execPath, [WORKER_MAIN], {
      env: env.childEnv({
        OUTBOX_POLL_MS: '50',
        WORKER_LOCK_DURATION_MS: '2000',
        WORKER_STALLED_INTERVAL_MS: '1000',
        WORKER_CONCURRENCY: '3',
      }),
      stdio: 'ignore',
    });
    // The killed worker got as far as three chunks waiting inside their transactions.
    await eventually(async () => {
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE enterprises%'`,
      );
      return n === 3;
    }, 20_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    await blocker.query('ROLLBACK');
    await blocker.end();

    worker = await createWorker(env.config);
    const finished = await eventually(async () => {
      const view = await s.runs.get(run.id);
      return view.status === 'completed' && view;
    }, 30_000);

    expect(finished.progress).toMatchObject({ total: N, done: N, assessed: N, failed: 0 });
    const [{ rows, distinct }] = await ds.query(
      `SELECT count(*)::int AS rows, count(DISTINCT uscc)::int AS distinct FROM run_assessments WHERE run_id = $1`,
      [run.id],
    );
    expect({ rows, distinct }).toEqual({ rows: N, distinct: N });
    const retried: { chunk_no: number }[] = await ds.query(
      `SELECT chunk_no FROM assessment_run_chunks WHERE run_id = $1 AND attempts > 1`,
      [run.id],
    );
    expect(retried).toHaveLength(3);
  });
});
