import { parseInput } from '@app/ingestion';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { enterpriseRow } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { eventually, TestEnv } from '../../support/test-env';

const WORKER_MAIN = join(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const N = 60;
const CONCURRENCY = 3;

/**
 * A real worker process is killed (SIGKILL) three times in one run, each time with its chunk
 * transactions open; the chunks of the first two go back to the queue and some are killed a second
 * time (BullMQ's default stalled-job limit of 1 would fail those). The run still ends completed,
 * every enterprise assessed exactly once.
 */
describe('a re-tier run survives a worker killed three times', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  const children: ChildProcess[] = [];
  const secret = randomBytes(32).toString('hex');

  const spawnWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: env.childEnv({
        AUTH_JWT_SECRET: secret,
        OUTBOX_POLL_MS: '50',
        WORKER_LOCK_DURATION_MS: '2000',
        WORKER_STALLED_INTERVAL_MS: '1000',
        WORKER_MAX_STALLED_COUNT: '5',
        WORKER_CONCURRENCY: String(CONCURRENCY),
      }),
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  // Chunk transactions of live workers waiting on the held enterprises (a killed worker's backends
  // end within client_connection_check_interval, so they stop counting).
  const waiting = async (): Promise<number> => {
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE enterprises%'`,
    );
    return n;
  };

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build first`);
    env = await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '10', REASSESS_DEBOUNCE_MS: '600000' });
    ds = await env.dataSource();
    // A backend whose client was killed notices within 200 ms, even while it waits for a lock.
    await ds.query(`ALTER DATABASE ${env.databaseName} SET client_connection_check_interval = 200`);
    await ingestService(ds, env.config).ingest(
      'enterprises',
      parseInput(
        'json',
        Readable.from([JSON.stringify(Array.from({ length: N }, (_, i) => enterpriseRow(i)))]),
      ),
      { actor: 'test' },
    );
    s = assessmentServices(ds, env.config);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('retries the killed chunks as often as needed: nobody assessed twice, nobody skipped', async () => {
    // Hold every enterprise row: chunks derive, evaluate and append their assessments, then wait on
    // the current-tier update, inside their transactions, uncommitted.
    const blocker = new Client({ connectionString: env.config.databaseUrl });
    await blocker.connect();
    blocker.on('error', () => undefined);
    await blocker.query('BEGIN');
    await blocker.query('SELECT uscc FROM enterprises FOR NO KEY UPDATE');

    const run = await s.runs.create({
      scope: { type: 'all' },
      asOf: '2026-11-01',
      trigger: 'manual',
      requestedBy: 't',
    });
    for (let kill = 1; kill <= 3; kill++) {
      const child = spawnWorker();
      await eventually(async () => (await waiting()) === CONCURRENCY, 30_000);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      await eventually(async () => (await waiting()) === 0, 10_000);
    }
    await blocker.query('ROLLBACK');
    await blocker.end();

    spawnWorker();
    const finished = await eventually(async () => {
      const view = await s.runs.get(run.id);
      return !['queued', 'planning', 'running'].includes(view.status) && view;
    }, 60_000);
    expect(finished.status).toBe('completed');
    expect(finished.failedChunks).toEqual([]);
    expect(finished.progress).toMatchObject({ total: N, done: N, assessed: N, failed: 0 });
    const [{ rows, distinct }] = await ds.query(
      `SELECT count(*)::int AS rows, count(DISTINCT uscc)::int AS distinct FROM run_assessments WHERE run_id = $1`,
      [run.id],
    );
    expect({ rows, distinct }).toEqual({ rows: N, distinct: N });
    // 3 kills x 3 chunks in flight over 6 chunks: every chunk was killed at least once, some twice.
    const attempts: { attempts: number }[] = await ds.query(
      `SELECT attempts FROM assessment_run_chunks WHERE run_id = $1`,
      [run.id],
    );
    expect(attempts.every((c) => c.attempts >= 2)).toBe(true);
    expect(Math.max(...attempts.map((c) => c.attempts))).toBeGreaterThanOrEqual(3);
  }, 150_000);
});
