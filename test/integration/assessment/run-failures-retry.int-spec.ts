import { AssessmentRunView } from '@app/assessment';
import { Role } from '@app/auth';
import { parseInput } from '@app/ingestion';
import { setTimeout as sleep } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { Stack } from '../../support/stack';
import { eventually, TestEnv } from '../../support/test-env';

const N = 30;

/**
 * A chunk that fails for good ends its run `completed_with_failures`, naming it; a retry re-runs
 * that chunk only, and every enterprise ends up assessed exactly once. A run where nothing moves
 * says it is stalled.
 */
describe('re-tier runs: chunks that failed, retry, stalled', () => {
  let env: TestEnv;
  let stack: Stack;
  let ds: DataSource;
  let s: AssessmentServices;
  let regulator: string;

  beforeAll(async () => {
    env = await TestEnv.create({
      ASSESSMENT_CHUNK_SIZE: '10',
      ASSESSMENT_RUN_STALLED_AFTER_MS: '1000',
      REASSESS_DEBOUNCE_MS: '600000',
    });
    ds = await env.dataSource();
    await ingestService(ds, env.config).ingest(
      'enterprises',
      parseInput(
        'json',
        Readable.from([JSON.stringify(Array.from({ length: N }, (_, i) => enterpriseRow(i)))]),
      ),
      { actor: 'test' },
    );
    s = assessmentServices(ds, env.config);
    stack = await Stack.start({ env });
    regulator = stack.token(Role.Regulator);
  });
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await stack.stop();
  });

  const getRun = async (id: string) =>
    (await stack.request<AssessmentRunView>('GET', `/api/v1/assessment-runs/${id}`, { token: regulator }))
      .body;

  it('ends completed_with_failures naming the failed chunk; a retry re-runs only that chunk', async () => {
    // Enterprise 15 (chunk 1) cannot be assessed: a data error, permanent, so attempted once.
    await ds.query(`
      CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test refuses %', NEW.uscc USING ERRCODE = '22023'; END $$`);
    await ds.query(
      `CREATE TRIGGER test_refuse BEFORE INSERT ON assessments FOR EACH ROW
         WHEN (NEW.uscc = '${usccOf(15)}') EXECUTE FUNCTION test_refuse()`,
    );
    const created = await stack.request<AssessmentRunView>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { scope: { type: 'all' }, asOf: '2026-11-01' },
    });
    expect(created.status).toBe(202);
    const id = created.body.id;
    const failed = await eventually(async () => {
      const run = await getRun(id);
      return run.status === 'completed_with_failures' && run;
    }, 30_000);
    expect(failed.failedChunks).toEqual([
      { chunkNo: 1, enterprises: 10, attempts: 1, error: expect.stringContaining('test refuses') },
    ]);
    expect(failed.failureReason).toBe('1 chunk(s) not assessed after every retry: 1');
    expect(failed.progress).toMatchObject({ total: N, assessed: N - 10, stalled: false });
    expect(failed.progress.chunks).toMatchObject({ total: 3, done: 2, failed: 1, pending: 0 });

    await ds.query(`DROP TRIGGER test_refuse ON assessments`);
    const retried = await stack.request<AssessmentRunView>('POST', `/api/v1/assessment-runs/${id}/retry`, {
      token: regulator,
    });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'running', retries: 1, failedChunks: [] });
    const done = await eventually(async () => {
      const run = await getRun(id);
      return run.status === 'completed' && run;
    }, 30_000);
    expect(done.progress).toMatchObject({ total: N, done: N, assessed: N, failed: 0 });
    expect(done.failureReason).toBeNull();

    const [{ rows, distinct }] = await ds.query(
      `SELECT count(*)::int AS rows, count(DISTINCT uscc)::int AS distinct FROM run_assessments WHERE run_id = $1`,
      [id],
    );
    expect({ rows, distinct }).toEqual({ rows: N, distinct: N });
    // The chunks that had succeeded were not run again.
    const attempts: { chunk_no: number; attempts: number }[] = await ds.query(
      `SELECT chunk_no, attempts FROM assessment_run_chunks WHERE run_id = $1 ORDER BY chunk_no`,
      [id],
    );
    expect(attempts).toEqual([
      { chunk_no: 0, attempts: 1 },
      { chunk_no: 1, attempts: 2 },
      { chunk_no: 2, attempts: 1 },
    ]);

    const again = await stack.request<{ message: string }>('POST', `/api/v1/assessment-runs/${id}/retry`, {
      token: regulator,
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/no failed chunks/);
    const ingest = stack.token(Role.Ingest);
    expect(
      (await stack.request('POST', `/api/v1/assessment-runs/${id}/retry`, { token: ingest })).status,
    ).toBe(403);
  });

  it('says a run is stalled when no chunk has finished for a while, and refuses to retry it', async () => {
    // Recorded and planned, but no worker runs its chunks (inline dispatch, nobody runs them).
    const run = await s.runs.create(
      {
        scope: { type: 'uscc', usccs: [usccOf(1), usccOf(2)] },
        asOf: '2026-11-01',
        trigger: 'manual',
        requestedBy: 't',
        chunkSize: 1,
      },
      'inline',
    );
    await s.runs.plan(run.id);
    const started = await getRun(run.id);
    expect(started.status).toBe('running');
    expect(started.progress.lastProgressAt).toBe(started.startedAt);

    await sleep(1200);
    const stalled = await getRun(run.id);
    expect(stalled.progress).toMatchObject({
      stalled: true,
      etaSeconds: null,
      lastProgressAt: started.startedAt,
    });
    const retry = await stack.request('POST', `/api/v1/assessment-runs/${run.id}/retry`, {
      token: regulator,
    });
    expect(retry.status).toBe(409);
    // A finish job of another generation (run again late) leaves the run alone.
    expect((await s.runs.finish(run.id, new Map(), 1)).status).toBe('running');

    // A chunk finishes: progress moves, the run is no longer stalled.
    expect((await s.runs.runChunk(run.id, 0)).status).toBe('done');
    const moving = await getRun(run.id);
    expect(moving.progress.stalled).toBe(false);
    expect(Date.parse(moving.progress.lastProgressAt!)).toBeGreaterThan(Date.parse(started.startedAt!));
    expect(moving.progress.done).toBe(1);
  });
});
