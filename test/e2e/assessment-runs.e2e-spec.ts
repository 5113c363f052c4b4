import { Role } from '@app/auth';
import { QueueName, QueueRegistry } from '@app/queue';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];
const stories = read('stories.json') as { key: string; uscc: string }[];

interface Run {
  id: string;
  status: string;
  trigger: string;
  ruleSet: { kind: string; version: string };
  progress: { total: number; done: number; percent: number; chunks: { total: number; done: number } };
  tiers: Record<string, number>;
  tierChanges: { changed: number; transitions: Record<string, number> };
}

describe('re-tier runs over HTTP: the worker runs the chunks as a BullMQ flow', () => {
  let stack: Stack;
  let regulator: string;

  beforeAll(async () => {
    // No change-feed re-assessment during the test: the runs are the only assessments.
    stack = await Stack.start({
      env: await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '7', REASSESS_DEBOUNCE_MS: '600000' }),
    });
    regulator = stack.token(Role.Regulator);
    for (const [path, file] of [
      ['/api/v1/enterprises', 'enterprises.json'],
      ['/api/v1/records', 'records.json'],
    ]) {
      const res = await stack.request('POST', path, { token: stack.token(Role.Ingest), body: read(file) });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('refuses a bad run with the field named, and callers without the regulator role', async () => {
    const bad = await stack.request<{ details: unknown[] }>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { scope: { type: 'region', prefix: '33x' }, asOf: '2026-13-01', when: 'now' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'when', message: 'is not a known field (scope, asOf)' },
      { path: 'scope.prefix', message: 'must be 1-6 digits of a division code' },
      { path: 'asOf', message: 'must be a real calendar date YYYY-MM-DD (from 1900)' },
    ]);
    const badDate = await stack.request<{ details: unknown[] }>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { asOf: '2026-13-01' },
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.details).toEqual([
      { path: 'asOf', message: 'must be a real calendar date YYYY-MM-DD (from 1900)' },
    ]);
    expect((await stack.request('POST', '/api/v1/assessment-runs', { body: {} })).status).toBe(401);
    const enterprise = stack.token(Role.Enterprise, { uscc: stories[0].uscc });
    expect(
      (await stack.request('POST', '/api/v1/assessment-runs', { token: enterprise, body: {} })).status,
    ).toBe(403);
  });

  it('runs every enterprise in chunks, reports progress, and closes the run through the flow parent', async () => {
    const created = await stack.request<Run>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { scope: { type: 'all' }, asOf: '2026-11-01' },
    });
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe(`/api/v1/assessment-runs/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'queued',
      trigger: 'manual',
      ruleSet: { version: '2026.1' },
    });

    const run = await eventually(async () => {
      const res = await stack.request<Run>('GET', `/api/v1/assessment-runs/${created.body.id}`, {
        token: regulator,
      });
      return res.body.status === 'completed' && res.body;
    }, 30_000);
    expect(run.progress).toMatchObject({
      total: stories.length,
      done: stories.length,
      percent: 100,
      chunks: { total: Math.ceil(stories.length / 7), done: Math.ceil(stories.length / 7) },
    });
    expect(Object.values(run.tiers).reduce((a, b) => a + b, 0)).toBe(stories.length);
    expect(run.tierChanges.changed).toBe(stories.length);

    const queue = stack.worker!.get(QueueRegistry).get(QueueName.Assessment);
    // The finish job returns after the due log's prune, which follows the run's close.
    const parent = await eventually(async () => {
      const job = await queue.getJob(`run-${run.id}-finish`);
      return job?.returnvalue ? job : undefined;
    }, 30_000);
    expect(parent.returnvalue).toEqual({ status: 'completed' });
    const children = await parent.getDependenciesCount();
    expect(children.processed).toBe(run.progress.chunks.total);

    const list = await stack.request<{ items: Run[]; total: number }>(
      'GET',
      '/api/v1/assessment-runs?limit=5',
      {
        token: regulator,
      },
    );
    expect(list.body.items.map((r) => r.id)).toContain(run.id);
    const cancel = await stack.request<{ message: string }>(
      'POST',
      `/api/v1/assessment-runs/${run.id}/cancel`,
      {
        token: regulator,
      },
    );
    expect(cancel.status).toBe(409);
    expect(cancel.body.message).toMatch(/already completed/);
  });

  it('recomputes a stored assessment with its rule version and the records known then', async () => {
    const uscc = stories.find((s) => s.key === 'food-penalties')!.uscc;
    const history = await stack.request<{ items: { id: string }[] }>(
      'GET',
      `/api/v1/enterprises/${uscc}/assessments`,
      { token: regulator },
    );
    const res = await stack.request<{
      matches: boolean;
      ruleSet: { version: string };
      differences: unknown[];
    }>('GET', `/api/v1/enterprises/${uscc}/assessments/${history.body.items[0].id}/recompute`, {
      token: regulator,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matches: true, ruleSet: { version: '2026.1' }, differences: [] });
    const missing = await stack.request(
      'GET',
      `/api/v1/enterprises/${uscc}/assessments/not-an-id/recompute`,
      {
        token: regulator,
      },
    );
    expect(missing.status).toBe(404);
  });

  it('registers the monthly run of every enterprise and the daily incremental run in the regulatory time zone', async () => {
    const queue = stack.worker!.get(QueueRegistry).get(QueueName.Assessment);
    const scheduler = await queue.getJobScheduler('assessment-monthly');
    expect(scheduler).toMatchObject({ pattern: '0 2 1 * *', tz: 'Asia/Shanghai' });
    expect(await queue.getJobScheduler('assessment-daily')).toMatchObject({
      pattern: '0 3 * * *',
      tz: 'Asia/Shanghai',
    });
  });
});
