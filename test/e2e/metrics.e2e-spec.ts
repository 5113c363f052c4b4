import { Role } from '@app/auth';
import { Metrics, registerMetrics } from '@app/metrics';
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startWorkerHealthServer } from '../../apps/worker/src/worker-health.server';
import { Scrape } from '../support/prometheus';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];
const enterprises = read('enterprises.json') as { uscc: string }[];
const TOKEN = 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184';

describe('GET /metrics: Prometheus text of the api and of the worker, after real work', () => {
  let stack: Stack;
  let api: Scrape;
  let worker: Scrape;
  let runId: string;

  beforeAll(async () => {
    // No change-feed re-assessment: the run's assessments are the only ones.
    stack = await Stack.start({ env: await TestEnv.create({ REASSESS_DEBOUNCE_MS: '600000' }) });
    const ingest = stack.token(Role.Ingest);
    const regulator = stack.token(Role.Regulator);
    expect(
      (await stack.request('POST', '/api/v1/enterprises', { token: ingest, body: enterprises })).status,
    ).toBe(200);
    const badRow = {
      uscc: enterprises[0].uscc,
      type: 'complaint',
      source: '12315',
      sourceRecordId: 'METRICS-BAD-1',
      severity: 'catastrophic',
      occurredAt: '2026-01-05T10:00:00+08:00',
    };
    const records = await stack.request<{ rejected: unknown[] }>('POST', '/api/v1/records', {
      token: ingest,
      body: [...read('records.json'), badRow],
    });
    expect(records.status).toBe(200);
    expect(records.body.rejected).toHaveLength(1);
    const one = await stack.request('GET', `/api/v1/enterprises/${enterprises[0].uscc}`, {
      token: regulator,
    });
    expect(one.status).toBe(200);
    const run = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { scope: { type: 'all' }, asOf: '2026-11-01' },
    });
    expect(run.status).toBe(202);
    runId = run.body.id;
    await eventually(async () => {
      const res = await stack.request<{ status: string }>('GET', `/api/v1/assessment-runs/${runId}`, {
        token: regulator,
      });
      return res.body.status === 'completed';
    }, 60_000);

    const scraped = await stack.request<string>('GET', '/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    api = new Scrape(scraped.body);

    const server = await startWorkerHealthServer(
      stack.env.config,
      stack.worker!.get(DataSource),
      stack.worker!.get(Metrics),
    );
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      worker = new Scrape(await res.text());
    } finally {
      server.close();
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('times HTTP requests by route pattern and status, never by raw URL', () => {
    expect(api.family('tierwatch_http_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(
      api.total('tierwatch_http_request_duration_seconds', {
        method: 'POST',
        route: '/api/v1/enterprises',
        status: '200',
      }),
    ).toBe(1);
    expect(
      api.total('tierwatch_http_request_duration_seconds', {
        method: 'GET',
        route: '/api/v1/enterprises/:uscc',
        status: '200',
      }),
    ).toBe(1);
    expect(
      api.total('tierwatch_http_request_duration_seconds', { route: '/api/v1/assessment-runs/:id' }),
    ).toBeGreaterThanOrEqual(1);
    const routes = api.samples('tierwatch_http_request_duration_seconds').map((m) => m.labels!.route);
    expect(routes.filter((r) => r.includes(enterprises[0].uscc) || r.includes(runId))).toEqual([]);
  });

  it('counts imported rows and rejects', () => {
    expect(api.total('tierwatch_import_rows_total', { target: 'enterprises', outcome: 'accepted' })).toBe(
      enterprises.length,
    );
    expect(api.total('tierwatch_import_rows_total', { target: 'records', outcome: 'rejected' })).toBe(1);
    expect(api.total('tierwatch_import_rows_total', { target: 'records', outcome: 'accepted' })).toBe(
      read('records.json').length,
    );
  });

  it('shows queues per state, the outbox, the pool and open runs', () => {
    for (const queue of ['maintenance', 'ingestion', 'assessment', 'inspection']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(api.samples('tierwatch_queue_jobs', { queue, state })).toHaveLength(1);
      }
    }
    expect(api.total('tierwatch_queue_jobs', { queue: 'assessment', state: 'failed' })).toBe(0);
    // the relay has handed every due row to BullMQ
    expect(api.family('tierwatch_outbox_backlog').type).toBe('GAUGE');
    expect(api.total('tierwatch_outbox_backlog')).toBe(0);
    expect(api.total('tierwatch_outbox_lag_seconds')).toBe(0);
    expect(api.total('tierwatch_pg_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(api.total('tierwatch_pg_pool_max')).toBe(5);
    // every enterprise is assessed, and counted under its current tier
    expect(api.total('tierwatch_enterprises')).toBe(enterprises.length);
    expect(api.total('tierwatch_enterprises', { tier: 'none' })).toBe(0);
    expect(api.total('tierwatch_enterprises', { tier: 'A' })).toBeGreaterThan(0);
    // the run is completed: no open run left
    expect(api.samples('tierwatch_assessment_run_enterprises', { run: runId })).toEqual([]);
  });

  it('on the worker: job durations per queue and job, assessments by tier, run throughput', () => {
    const chunks = worker.samples('tierwatch_job_duration_seconds', {
      queue: 'assessment',
      job: 'assessment.run-chunk',
      outcome: 'completed',
    });
    expect(chunks).toHaveLength(1);
    const labels = { queue: 'assessment', job: 'assessment.run-chunk', outcome: 'completed' };
    expect(Number(chunks[0].value)).toBeGreaterThanOrEqual(1);
    expect(worker.bucket('tierwatch_job_duration_seconds', labels, '+Inf')).toBe(Number(chunks[0].value));
    expect(worker.total('tierwatch_job_duration_seconds', { job: 'assessment.run-finish' })).toBe(1);
    expect(worker.total('tierwatch_assessments_total', { trigger: 'manual' })).toBe(enterprises.length);
    expect(worker.samples('tierwatch_assessments_total').map((m) => m.labels!.tier)).not.toContain(undefined);
    expect(worker.total('tierwatch_assessment_run_enterprises_total')).toBe(enterprises.length);
  });

  it('asks for the scrape token when one is configured, and is closed in production without one', async () => {
    const withToken = stack.env.config.with({ METRICS_TOKEN: TOKEN });
    const server = await startWorkerHealthServer(withToken, stack.worker!.get(DataSource), new Metrics());
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(new Scrape(await ok.text()).family('tierwatch_assessments_total').type).toBe('COUNTER');
    } finally {
      server.close();
    }
    const fastify = Fastify();
    registerMetrics(fastify, new Metrics(), stack.env.config.with({ NODE_ENV: 'production' }).metricsAccess);
    const closed = await fastify.inject({ method: 'GET', url: '/metrics' });
    expect(closed.statusCode).toBe(403);
    expect(JSON.parse(closed.body)).toMatchObject({
      statusCode: 403,
      message: expect.stringMatching(/METRICS_TOKEN/),
    });
    await fastify.close();
  });
});

describe('GET /metrics: the outbox backlog and its lag while no relay runs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('counts the rows not handed to BullMQ and the age of the oldest', async () => {
    const before = new Scrape((await stack.request<string>('GET', '/metrics')).body);
    expect(before.total('tierwatch_outbox_backlog')).toBe(0);
    expect(before.total('tierwatch_outbox_lag_seconds')).toBe(0);
    const ds = stack.api.get(DataSource);
    await ds.query(
      `INSERT INTO outbox (queue, job_name, payload, run_at, created_at) VALUES
         ('maintenance', 'outbox.prune', '{"olderThanDays": 30}', now() + interval '1 day', now() - interval '2 minutes'),
         ('maintenance', 'outbox.prune', '{"olderThanDays": 31}', now(), now())`,
    );
    const after = new Scrape((await stack.request<string>('GET', '/metrics')).body);
    expect(after.total('tierwatch_outbox_backlog')).toBe(2);
    expect(after.total('tierwatch_outbox_lag_seconds')).toBeGreaterThanOrEqual(120);
    expect(after.total('tierwatch_outbox_lag_seconds')).toBeLessThan(180);
  });

  it('shows an open run, not yet planned, with its idle time against the stalled threshold', async () => {
    // (the backlog already holds the two rows above)
    const before = new Scrape((await stack.request<string>('GET', '/metrics')).body);
    const run = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: stack.token(Role.Regulator),
      body: { asOf: '2026-11-01' },
    });
    expect(run.status).toBe(202);
    const scrape = new Scrape((await stack.request<string>('GET', '/metrics')).body);
    expect(
      scrape.samples('tierwatch_assessment_run_enterprises', { run: run.body.id, state: 'done' }),
    ).toHaveLength(1);
    expect(scrape.total('tierwatch_assessment_run_enterprises', { run: run.body.id, state: 'done' })).toBe(0);
    expect(
      scrape.total('tierwatch_assessment_run_idle_seconds', { run: run.body.id }),
    ).toBeGreaterThanOrEqual(0);
    expect(scrape.total('tierwatch_assessment_run_stalled_after_seconds')).toBe(300);
    // the run's planning job waits in the outbox: no worker runs the relay here; so do the
    // activation jobs of the shipped versions that take effect later (imported with the run's
    // first look at the rule sets)
    const [{ activations }] = await stack.api
      .get(DataSource)
      .query(`SELECT count(*)::int AS activations FROM outbox WHERE job_name = 'rule-set.activate'`);
    expect(scrape.total('tierwatch_outbox_backlog')).toBe(
      before.total('tierwatch_outbox_backlog') + 1 + activations,
    );
  });
});
