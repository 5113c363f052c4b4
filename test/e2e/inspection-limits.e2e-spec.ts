import { Role } from '@app/auth';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../support/fixtures';
import { Stack } from '../support/stack';

interface Problem {
  code: string;
  details: { path: string; message: string }[];
}

describe('无事不扰 over HTTP: inspection load, high-frequency list, legal reason, manual staffing — within regions', () => {
  let stack: Stack;
  let ds: DataSource;
  let national: string;
  let hangzhou: string;
  const HZ = usccOf(1); // 330106
  const SZ = usccOf(2); // 440305
  const task = async (uscc: string, status: string, year: number, department = '食品经营处') => {
    const id = randomUUID();
    const at = `${year}-05-10T10:00:00+08:00`;
    await ds.query(
      `INSERT INTO inspection_tasks (id, uscc, kind, status, items, scheduled_start, due_at, trigger_reason)
       VALUES ($1, $2, 'triggered', $3, $4, $5, $5::timestamptz + interval '30 days', 'test')`,
      [id, uscc, status, JSON.stringify([{ name: '食品安全', type: 'key', department }]), at],
    );
    return id;
  };

  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
    ds = await stack.env.dataSource();
    national = stack.token(Role.Regulator);
    hangzhou = stack.token(Role.Regulator, { subject: 'regulator:hz', regions: ['3301'] });
    const ingest = await stack.request('POST', '/api/v1/enterprises', {
      token: stack.token(Role.Ingest),
      body: [enterpriseRow(1), enterpriseRow(2, { regionCode: '440305' })],
    });
    expect(ingest.status).toBe(200);
    const roster = await stack.request('POST', '/api/v1/inspectors', {
      token: national,
      body: ['HZ-1', 'HZ-2'].map((id) => ({
        id,
        name: id,
        department: '食品经营处',
        regionCode: '3301',
        qualifications: ['食品安全'],
        certified: true,
        capacityPerPeriod: 5,
      })),
    });
    expect(roster.status).toBe(200);
    for (let i = 0; i < 3; i++) await task(HZ, 'done', 2025);
    await task(SZ, 'done', 2025);
    await task(SZ, 'done', 2025);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it("shows an enterprise's load to a regulator of its region and to itself, 404 to anyone else", async () => {
    const path = `/api/v1/enterprises/${HZ}/inspection-load?year=2025`;
    const own = await stack.request<{ departments: { department: string; count: number }[]; cap: number }>(
      'GET',
      path,
      { token: hangzhou },
    );
    expect(own.status).toBe(200);
    expect(own.body.departments).toEqual([expect.objectContaining({ department: '食品经营处', count: 3 })]);
    expect(own.body.cap).toBeGreaterThan(0);
    expect(
      (await stack.request('GET', path, { token: stack.token(Role.Enterprise, { uscc: HZ }) })).status,
    ).toBe(200);
    expect(
      (await stack.request('GET', path, { token: stack.token(Role.Enterprise, { uscc: SZ }) })).status,
    ).toBe(404);
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${SZ}/inspection-load?year=2025`, { token: hangzhou }))
        .status,
    ).toBe(404);
    const bad = await stack.request<Problem>('GET', `/api/v1/enterprises/${HZ}/inspection-load?year=20x5`, {
      token: hangzhou,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['year']);
  });

  it('lists the enterprises inspected most often within the regulator’s regions; 403 outside them', async () => {
    type Top = { total: number; items: { uscc: string; count: number }[] };
    const all = await stack.request<Top>('GET', '/api/v1/inspection-load/top?year=2025', { token: national });
    expect(all.body.items.map((i) => [i.uscc, i.count])).toEqual([
      [HZ, 3],
      [SZ, 2],
    ]);
    const hz = await stack.request<Top>('GET', '/api/v1/inspection-load/top?year=2025', { token: hangzhou });
    expect(hz.body).toMatchObject({ total: 1, items: [{ uscc: HZ, count: 3 }] });
    expect(
      (await stack.request('GET', '/api/v1/inspection-load/top?year=2025&region=44', { token: hangzhou }))
        .status,
    ).toBe(403);
  });

  it('staffs an unassignable task by hand within the regions, refusing a bad body or bad inspectors', async () => {
    const hzTask = await task(HZ, 'pending', 2026);
    const szTask = await task(SZ, 'pending', 2026);
    const body = { inspectorIds: ['HZ-1', 'HZ-2'], reason: '名录库无足够无回避人员, 人工指派' };
    expect(
      (
        await stack.request('POST', `/api/v1/inspection-tasks/${szTask}/inspectors`, {
          token: hangzhou,
          body,
        })
      ).status,
    ).toBe(404);
    const shape = await stack.request<Problem>('POST', `/api/v1/inspection-tasks/${hzTask}/inspectors`, {
      token: hangzhou,
      body: { inspectorIds: 'HZ-1' },
    });
    expect(shape.status).toBe(400);
    expect(shape.body.details.map((d) => d.path).sort()).toEqual(['inspectorIds', 'reason']);
    const one = await stack.request<Problem>('POST', `/api/v1/inspection-tasks/${hzTask}/inspectors`, {
      token: hangzhou,
      body: { ...body, inspectorIds: ['HZ-1'] },
    });
    expect(one.status).toBe(400);
    expect(one.body.details).toEqual([expect.objectContaining({ path: 'inspectorIds' })]);
    const ok = await stack.request<{ status: string; inspectors: string[]; manualStaffing: unknown }>(
      'POST',
      `/api/v1/inspection-tasks/${hzTask}/inspectors`,
      { token: hangzhou, body },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'assigned',
      inspectors: ['HZ-1', 'HZ-2'],
      manualStaffing: { by: 'regulator:hz', reason: body.reason },
    });
    // only a task over the cap takes a legal reason
    const reason = await stack.request<Problem>('POST', `/api/v1/inspection-tasks/${hzTask}/legal-basis`, {
      token: hangzhou,
      body: { reason: '依法' },
    });
    expect(reason.status).toBe(409);
  });
});
