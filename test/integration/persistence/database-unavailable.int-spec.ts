import { AssessmentRunView } from '@app/assessment';
import { Role } from '@app/auth';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { Stack } from '../../support/stack';
import { eventually, TestEnv } from '../../support/test-env';

/**
 * The api's PostgreSQL connection is killed in the middle of a request (as a restart or a failover
 * does): the client gets 503 with Retry-After in the usual error shape, never an opaque 500, and
 * the next request is served again.
 */
describe('PostgreSQL lost mid-request → 503 with Retry-After', () => {
  let env: TestEnv;
  let stack: Stack;
  let ds: DataSource;
  let s: AssessmentServices;

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    s = assessmentServices(ds, env.config);
    stack = await Stack.start({ env, worker: false });
  });
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await stack.stop();
  });

  it('answers 503 + Retry-After when its backend is terminated, then serves again', async () => {
    const run = await s.runs.create(
      { scope: { type: 'all' }, asOf: '2026-11-01', trigger: 'manual', requestedBy: 't' },
      'inline',
    );
    // Hold the run's row: the api's cancel waits on it inside its transaction.
    const blocker = new Client({ connectionString: env.config.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM assessment_runs WHERE id = $1 FOR UPDATE', [run.id]);
    const token = stack.token(Role.Regulator);
    const pending = stack.request<{ statusCode: number; error: string; message: string; details: unknown[] }>(
      'POST',
      `/api/v1/assessment-runs/${run.id}/cancel`,
      { token },
    );
    const pid = await eventually(async () => {
      const rows: { pid: number }[] = await ds.query(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%assessment_runs%FOR UPDATE%'`,
      );
      return rows[0]?.pid;
    });
    await ds.query(`SELECT pg_terminate_backend($1)`, [pid]);
    const res = await pending;
    await blocker.query('ROLLBACK');
    await blocker.end();

    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the database is unavailable, try again shortly',
      details: [{ path: 'database', message: expect.stringMatching(/terminat/i) }],
    });

    // The pool replaces the lost connection: the same request now succeeds.
    const again = await stack.request<AssessmentRunView>('POST', `/api/v1/assessment-runs/${run.id}/cancel`, {
      token,
    });
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('cancelling');
  });
});
