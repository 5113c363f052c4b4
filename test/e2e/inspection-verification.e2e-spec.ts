import { Role } from '@app/auth';
import { TaskService } from '@app/inspection';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../support/fixtures';
import { insertTask } from '../support/inspection';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

interface Visit {
  code: string | null;
  current: boolean;
  state: string;
  kind: string;
  items: unknown;
  window: { from: string; to: string };
  inspectors: { name: string; certificateNo: string | null }[];
}
interface Mine extends Visit {
  taskId: string;
  status: string;
  result: unknown;
}

const A = usccOf(9301);
const B = usccOf(9302);
const DAY = 86_400_000;

describe('扫码入企: a verification code per dispatched task, the public check, and /me/inspections', () => {
  let stack: Stack;
  let ds: DataSource;
  const tasks = {
    current: randomUUID(),
    expired: randomUUID(),
    undispatched: randomUUID(),
    other: randomUUID(),
  };
  const codes: Record<string, string> = {};
  const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

  beforeAll(async () => {
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({ RATE_LIMIT_PUBLIC_PER_IP: '8', REASSESS_DEBOUNCE_MS: '600000' }),
    });
    ds = await stack.env.dataSource();
    const ingest = stack.token(Role.Ingest);
    const enterprises = [enterpriseRow(9301), enterpriseRow(9302)];
    expect(
      (await stack.request('POST', '/api/v1/enterprises', { token: ingest, body: enterprises })).status,
    ).toBe(200);
    const roster = [1, 2].map((n) => ({
      id: `I-${n}`,
      name: n === 1 ? '张伟' : '李娜',
      department: '食品经营处',
      regionCode: '3301',
      certified: true,
      certificateNo: `浙执法33010${n}`,
      capacityPerPeriod: 10,
    }));
    const r = await stack.request('POST', '/api/v1/inspectors', {
      token: stack.token(Role.Regulator),
      body: roster,
    });
    expect(r.status).toBe(200);
    const now = Date.now();
    await insertTask(ds, {
      id: tasks.current,
      uscc: A,
      scheduledStart: new Date(now - DAY),
      dueAt: new Date(now + 10 * DAY),
    });
    await insertTask(ds, {
      id: tasks.expired,
      uscc: A,
      scheduledStart: new Date(now - 20 * DAY),
      dueAt: new Date(now - DAY),
    });
    await insertTask(ds, {
      id: tasks.undispatched,
      uscc: A,
      scheduledStart: new Date(now + 5 * DAY),
      dueAt: new Date(now + 9 * DAY),
    });
    await insertTask(ds, {
      id: tasks.other,
      uscc: B,
      scheduledStart: new Date(now - DAY),
      dueAt: new Date(now + 10 * DAY),
    });
    const service = stack.api.get(TaskService);
    for (const id of [tasks.current, tasks.expired, tasks.other])
      expect(await service.dispatch(id)).toBe('dispatched');
    for (const row of await ds.query(`SELECT task_id, code FROM inspection_verifications`))
      codes[(row as { task_id: string }).task_id] = (row as { code: string }).code;
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('each dispatched task has its own unguessable code; a task not dispatched has none', () => {
    expect(Object.keys(codes).sort()).toEqual([tasks.current, tasks.expired, tasks.other].sort());
    for (const code of Object.values(codes)) expect(code).toMatch(/^[0-9A-F]{24}$/);
    expect(new Set(Object.values(codes)).size).toBe(3);
  });

  it('a valid code shows plan, items, window and inspectors with certificate numbers, and nothing else', async () => {
    const res = await stack.request<Visit>(
      'GET',
      `/api/v1/public/inspection-verifications/${codes[tasks.current]}`,
      from('10.0.0.1'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: codes[tasks.current],
      current: true,
      state: 'current',
      kind: 'triggered',
      plan: null,
      items: [{ name: '食品安全', type: 'key' }],
      window: expect.objectContaining({ from: expect.any(String), to: expect.any(String) }),
      inspectors: [
        { name: '张伟', certificateNo: '浙执法330101' },
        { name: '李娜', certificateNo: '浙执法330102' },
      ],
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(A);
    expect(text).not.toContain('tier');
    // Lower case is the same code.
    const lower = await stack.request(
      'GET',
      `/api/v1/public/inspection-verifications/${codes[tasks.current].toLowerCase()}`,
      from('10.0.0.1'),
    );
    expect(lower.status).toBe(200);
  });

  it('an expired task answers not current; an unknown code 404', async () => {
    const expired = await stack.request<Visit>(
      'GET',
      `/api/v1/public/inspection-verifications/${codes[tasks.expired]}`,
      from('10.0.0.2'),
    );
    expect(expired.body).toMatchObject({ current: false, state: 'expired' });
    const unknown = await stack.request<{ message: string }>(
      'GET',
      '/api/v1/public/inspection-verifications/0123456789ABCDEF01234567',
      from('10.0.0.2'),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('no inspection is registered');
    expect(
      (await stack.request('GET', '/api/v1/public/inspection-verifications/not-a-code', from('10.0.0.2')))
        .status,
    ).toBe(404);
  });

  it('enumerating codes is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const guess = i.toString(16).toUpperCase().padStart(24, '0');
      statuses.push(
        (await stack.request('GET', `/api/v1/public/inspection-verifications/${guess}`, from('10.0.0.9')))
          .status,
      );
    }
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(404));
    expect(statuses.slice(8)).toEqual(Array(4).fill(429));
    // Even a valid code is refused from that address until the window passes.
    expect(
      (
        await stack.request(
          'GET',
          `/api/v1/public/inspection-verifications/${codes[tasks.current]}`,
          from('10.0.0.9'),
        )
      ).status,
    ).toBe(429);
  });

  it('the enterprise lists its own tasks with their codes; never another’s', async () => {
    const tokenA = stack.token(Role.Enterprise, { uscc: A });
    const res = await stack.request<{ items: Mine[]; total: number }>('GET', '/api/v1/me/inspections', {
      token: tokenA,
    });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const byTask = new Map(res.body.items.map((t) => [t.taskId, t]));
    expect(byTask.get(tasks.current)).toMatchObject({
      code: codes[tasks.current],
      state: 'current',
      status: 'assigned',
      result: null,
    });
    expect(byTask.get(tasks.undispatched)).toMatchObject({ code: null, state: 'not_yet' });
    expect(byTask.has(tasks.other)).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain(codes[tasks.other]);
    const tokenB = stack.token(Role.Enterprise, { uscc: B });
    const theirs = await stack.request<{ items: Mine[] }>('GET', '/api/v1/me/inspections', { token: tokenB });
    expect(theirs.body.items.map((t) => t.taskId)).toEqual([tasks.other]);
    expect(
      (await stack.request('GET', '/api/v1/me/inspections', { token: stack.token(Role.Regulator) })).status,
    ).toBe(403);
  });
});
