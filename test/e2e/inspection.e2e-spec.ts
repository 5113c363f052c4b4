import { Role } from '@app/auth';
import { shanghaiDateOf, startOfShanghaiDay } from '@app/domain';
import { Clock } from '@app/inspection';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];

interface Task {
  id: string;
  uscc: string;
  status: string;
  inspectors: string[];
  dispatchedAt: string | null;
  publishDeadline: string | null;
}

describe('inspection over HTTP: roster, plan, a delayed dispatch firing, result, publication, 一公开', () => {
  let stack: Stack;
  let regulator: string;
  // The plan window opens today at 00:00 Asia/Shanghai; the clocks are set 1.5 s before that, so the
  // dispatch jobs are delayed and fire during the test (and results are not dated in the future).
  const today = shanghaiDateOf(new Date());
  const opening = startOfShanghaiDay(today).getTime();
  const windowEnd = shanghaiDateOf(new Date(opening + 20 * 86_400_000));

  beforeAll(async () => {
    stack = await Stack.start({ env: await TestEnv.create({ REASSESS_DEBOUNCE_MS: '600000' }) });
    regulator = stack.token(Role.Regulator);
    for (const [path, file] of [
      ['/api/v1/enterprises', 'enterprises.json'],
      ['/api/v1/records', 'records.json'],
    ]) {
      expect(
        (await stack.request('POST', path, { token: stack.token(Role.Ingest), body: read(file) })).status,
      ).toBe(200);
    }
    const run = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { asOf: '2026-11-01' },
    });
    await eventually(async () => {
      const r = await stack.request<{ status: string }>('GET', `/api/v1/assessment-runs/${run.body.id}`, {
        token: regulator,
      });
      return r.body.status === 'completed';
    }, 30_000);
    // The api decides delays from its clock, the worker acts on its own: both just before the window.
    const shift = opening - 1500 - Date.now();
    for (const app of [stack.api, stack.worker!]) {
      const clock = app.get(Clock);
      jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + shift));
    }
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('refuses a bad roster with every problem, row by row, and stores nothing', async () => {
    const res = await stack.request<{ details: { path: string; message: string }[] }>(
      'POST',
      '/api/v1/inspectors',
      {
        token: regulator,
        body: [
          {
            id: 'ok-1',
            name: '张三',
            department: '食品',
            regionCode: '33',
            certified: true,
            capacityPerPeriod: 5,
          },
          {
            id: 'bad id',
            name: '',
            department: '食品',
            regionCode: '33x',
            capacityPerPeriod: -1,
            conflictUsccs: ['123'],
          },
        ],
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.path)).toEqual([
      'inspectors[1].id',
      'inspectors[1].name',
      'inspectors[1].regionCode',
      'inspectors[1].conflictUsccs[0]',
      'inspectors[1].capacityPerPeriod',
    ]);
    const list = await stack.request('GET', '/api/v1/inspectors', { token: regulator });
    expect(list.body).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
  });

  it('draws a plan, dispatches its tasks when the window opens, and publishes a result that anyone can read', async () => {
    const roster = Array.from({ length: 9 }, (_, i) => ({
      id: `ZJ-${i}`,
      name: `检查员${i}`,
      department: '市场监管',
      // the demo's provinces: Zhejiang, Fujian, Shandong
      regionCode: ['33', '35', '37'][i % 3],
      qualifications: ['食品安全', '特种设备'],
      certified: true,
      capacityPerPeriod: 20,
    }));
    const up = await stack.request<{ created: number }>('POST', '/api/v1/inspectors', {
      token: regulator,
      body: roster,
    });
    expect(up.body).toEqual({ created: 9, updated: 0, unchanged: 0 });

    const created = await stack.request<{
      id: string;
      selected: number;
      summary: { tiers: { tier: string; pool: number; drawn: number }[] };
    }>('POST', '/api/v1/inspection-plans', {
      token: regulator,
      body: {
        name: '演示批次',
        window: { start: today, end: windowEnd },
        scope: {},
        items: [{ name: '食品安全', type: 'general', department: '食品经营处', qualification: '食品安全' }],
        seed: 'e2e-demo-seed',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.selected).toBe(created.body.summary.tiers.reduce((a, t) => a + t.drawn, 0));
    const tasksUrl = `/api/v1/inspection-tasks?planId=${created.body.id}&limit=100`;
    const before = await stack.request<{ items: Task[] }>('GET', tasksUrl, { token: regulator });
    expect(before.body.items.length).toBe(created.body.selected);
    expect(before.body.items.every((t) => t.dispatchedAt === null)).toBe(true);
    // The delayed dispatch jobs fire once the (shifted) window opens, 1.5 s later.
    await eventually(async () => {
      const after = await stack.request<{ items: Task[] }>('GET', tasksUrl, { token: regulator });
      return after.body.items.every((t) => t.status !== 'assigned' || t.dispatchedAt !== null);
    }, 15_000);

    const verify = await stack.request<{ ok: boolean }>(
      'POST',
      `/api/v1/inspection-plans/${created.body.id}/verify`,
      {
        token: regulator,
      },
    );
    expect(verify.body).toEqual({ ok: true, mismatches: [] });

    const task = before.body.items.find((t) => t.status === 'assigned')!;
    const bad = await stack.request('POST', `/api/v1/inspection-tasks/${task.id}/publish`, {
      token: regulator,
    });
    expect(bad.status).toBe(409);
    expect(
      (await stack.request('POST', `/api/v1/inspection-tasks/${task.id}/start`, { token: regulator })).status,
    ).toBe(200);
    const done = await stack.request<Task>('POST', `/api/v1/inspection-tasks/${task.id}/result`, {
      token: regulator,
      body: { outcome: 'issues_found', findings: ['冷藏温度超标'], followUp: '责令整改' },
    });
    expect(done.status).toBe(200);
    expect(done.body.publishDeadline).not.toBeNull();
    expect(
      (await stack.request('POST', `/api/v1/inspection-tasks/${task.id}/publish`, { token: regulator }))
        .status,
    ).toBe(200);

    const pub = await eventually(async () => {
      const r = await stack.request<{ items: { taskId: string; outcome: string; enterpriseName: string }[] }>(
        'GET',
        '/api/v1/public/inspection-results',
      );
      return r.body.items.find((i) => i.taskId === task.id);
    });
    expect(pub).toMatchObject({ outcome: 'issues_found' });
    expect(pub).not.toHaveProperty('tier');
    // …and the worker fed the failed check back into the records.
    const record = await eventually(async () => {
      const rows: { payload: { result: string } }[] = await stack.api
        .get(DataSource)
        .query(
          `SELECT payload FROM credit_records WHERE source = 'tierwatch-inspection' AND source_record_id = $1`,
          [task.id],
        );
      return rows[0];
    });
    expect(record.payload.result).toBe('fail');
  });

  it('shows administrators the queues, read-only, and nobody else', async () => {
    const admin = await stack.request<{ queue: string; counts: Record<string, number> }[]>(
      'GET',
      '/api/v1/admin/queues',
      {
        token: stack.token(Role.Admin),
      },
    );
    expect(admin.status).toBe(200);
    expect(admin.body.map((q) => q.queue)).toContain('inspection');
    expect(admin.body.find((q) => q.queue === 'inspection')!.counts.completed).toBeGreaterThan(0);
    expect((await stack.request('GET', '/api/v1/admin/queues', { token: regulator })).status).toBe(403);
  });
});
