import { Role } from '@app/auth';
import { makeUscc, shanghaiDateOf } from '@app/domain';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Stack } from '../support/stack';
import { eventually } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): { uscc: string; regionCode?: string; source?: string }[] =>
  JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as { uscc: string }[];

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

describe('access: regions, inspectors, API keys, authentication before the body', () => {
  let stack: Stack;
  let national: string;
  let hangzhou: string;
  let ds: DataSource;
  const enterprises = read('enterprises.json');
  const inHangzhou = enterprises.filter((e) => e.regionCode!.startsWith('3301'));
  const inFujian = enterprises.filter((e) => e.regionCode!.startsWith('35'));
  const today = shanghaiDateOf(new Date());

  beforeAll(async () => {
    stack = await Stack.start();
    ds = await stack.env.dataSource();
    national = stack.token(Role.Regulator);
    hangzhou = stack.token(Role.Regulator, { subject: 'regulator:hz', regions: ['3301'] });
    const ingest = stack.token(Role.Ingest);
    expect(
      (await stack.request('POST', '/api/v1/enterprises', { token: ingest, body: enterprises })).status,
    ).toBe(200);
    expect(
      (await stack.request('POST', '/api/v1/records', { token: ingest, body: read('records.json') })).status,
    ).toBe(200);
    const run = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: national,
      body: { asOf: '2026-11-01' },
    });
    await eventually(async () => {
      const r = await stack.request<{ status: string }>('GET', `/api/v1/assessment-runs/${run.body.id}`, {
        token: national,
      });
      return r.body.status === 'completed';
    }, 30_000);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('has demo enterprises in Hangzhou and outside it', () => {
    expect(inHangzhou.length).toBeGreaterThan(0);
    expect(inFujian.length).toBeGreaterThan(0);
  });

  it('lets a regulator read enterprises of its regions only, answering others as not found', async () => {
    const own = await stack.request('GET', `/api/v1/enterprises/${inHangzhou[0].uscc}`, { token: hangzhou });
    expect(own.status).toBe(200);
    for (const path of ['', '/assessment', '/assessments']) {
      const other = await stack.request('GET', `/api/v1/enterprises/${inFujian[0].uscc}${path}`, {
        token: hangzhou,
      });
      expect(other.status).toBe(404);
      expect(other.body).toMatchObject({ code: 'NOT_FOUND', message: `no enterprise ${inFujian[0].uscc}` });
    }
    // Exactly what a code that does not exist gets: nothing tells the two apart.
    const unknown = makeUscc({ region: '330106', orgBody: 'MA9999XY' });
    expect(enterprises.some((e) => e.uscc === unknown)).toBe(false);
    const missing = await stack.request('GET', `/api/v1/enterprises/${unknown}`, { token: hangzhou });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', message: `no enterprise ${unknown}` });
  });

  it('filters the tier summary to its regions and refuses a prefix outside them, naming it', async () => {
    const mine = await stack.request<{ total: number }>('GET', '/api/v1/tiers/summary', { token: hangzhou });
    expect(mine.body.total).toBe(inHangzhou.length);
    const all = await stack.request<{ total: number }>('GET', '/api/v1/tiers/summary', { token: national });
    expect(all.body.total).toBe(enterprises.length);
    const outside = await stack.request<{ message: string; code: string }>(
      'GET',
      '/api/v1/tiers/summary?region=35',
      { token: hangzhou },
    );
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('FORBIDDEN');
    expect(outside.body.message).toBe('region 35 is outside your regions (3301)');
    const narrower = await stack.request<{ total: number }>('GET', '/api/v1/tiers/summary?region=330106', {
      token: hangzhou,
    });
    expect(narrower.status).toBe(200);
  });

  it('lists and searches enterprises within its regions only, logging the read', async () => {
    type Item = { uscc: string; name: string; regionCode: string; currentTier: string | null };
    const mine = await stack.request<Page<Item>>('GET', '/api/v1/enterprises?limit=500', { token: hangzhou });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(inHangzhou.length);
    expect(mine.body.items.map((i) => i.uscc).sort()).toEqual(inHangzhou.map((e) => e.uscc).sort());
    // A Fujian enterprise is not found by its name or its code from Hangzhou; nationally it is.
    const fujian = enterprises.find((e) => e.uscc === inFujian[0].uscc) as unknown as {
      uscc: string;
      name: string;
    };
    for (const q of [fujian.name.slice(2, 6), fujian.uscc.slice(0, 10)]) {
      const hidden = await stack.request<Page<Item>>(
        'GET',
        `/api/v1/enterprises?q=${encodeURIComponent(q)}`,
        {
          token: hangzhou,
        },
      );
      expect(hidden.body.items.map((i) => i.uscc)).not.toContain(fujian.uscc);
      const found = await stack.request<Page<Item>>('GET', `/api/v1/enterprises?q=${encodeURIComponent(q)}`, {
        token: national,
      });
      expect(found.body.items.map((i) => i.uscc)).toContain(fujian.uscc);
    }
    const tierC = await stack.request<Page<Item>>('GET', '/api/v1/enterprises?tier=C&limit=2', {
      token: national,
    });
    expect(tierC.body.items.every((i) => i.currentTier === 'C')).toBe(true);
    expect(tierC.body).toMatchObject({ limit: 2, offset: 0 });
    const outside = await stack.request<{ message: string }>('GET', '/api/v1/enterprises?region=35', {
      token: hangzhou,
    });
    expect(outside.status).toBe(403);
    expect(outside.body.message).toBe('region 35 is outside your regions (3301)');
    const bad = await stack.request<{ details: { path: string }[] }>(
      'GET',
      '/api/v1/enterprises?q=x&tier=good',
      {
        token: national,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path).sort()).toEqual(['q', 'tier']);
    const asEnterprise = stack.token(Role.Enterprise, { uscc: inHangzhou[0].uscc });
    expect((await stack.request('GET', '/api/v1/enterprises', { token: asEnterprise })).status).toBe(403);
    const logged = await ds.query(
      `SELECT resource, uscc, path FROM access_log WHERE subject = 'regulator:hz' AND route = '/api/v1/enterprises'`,
    );
    expect(logged[0]).toMatchObject({
      resource: 'enterprise-list',
      uscc: null,
      path: '/api/v1/enterprises?limit=500',
    });
  });

  it('refuses a plan outside its regions (403 naming the prefix) and a national one', async () => {
    const body = (scope: Record<string, unknown>) => ({
      name: '越权批次',
      window: { start: today, end: today },
      scope,
      items: [{ name: '食品安全', type: 'general', department: '食品经营处' }],
    });
    const fujian = await stack.request<{ message: string }>('POST', '/api/v1/inspection-plans', {
      token: hangzhou,
      body: body({ regionPrefix: '35' }),
    });
    expect(fujian.status).toBe(403);
    expect(fujian.body.message).toMatch(/region 35 is outside your regions/);
    const whole = await stack.request<{ message: string }>('POST', '/api/v1/inspection-plans', {
      token: hangzhou,
      body: body({}),
    });
    expect(whole.status).toBe(403);
    expect(whole.body.message).toMatch(/national scope is outside your regions/);
    const nullScope = await stack.request<{ message: string }>('POST', '/api/v1/inspection-plans', {
      token: hangzhou,
      body: { ...body({}), scope: null },
    });
    expect(nullScope.status).toBe(403);
    expect((await ds.query(`SELECT count(*)::int AS n FROM inspection_plans`))[0].n).toBe(0);
  });

  it('keeps re-tier runs inside its regions: 403 naming the scope, others answered as not found', async () => {
    const outside = await stack.request<{ message: string }>('POST', '/api/v1/assessment-runs', {
      token: hangzhou,
      body: { scope: { type: 'region', prefix: '35' } },
    });
    expect(outside.status).toBe(403);
    expect(outside.body.message).toBe('region 35 is outside your regions (3301)');
    const everyone = await stack.request('POST', '/api/v1/assessment-runs', { token: hangzhou, body: {} });
    expect(everyone.status).toBe(403);
    const codes = await stack.request<{ message: string }>('POST', '/api/v1/assessment-runs', {
      token: hangzhou,
      body: { scope: { type: 'uscc', usccs: [inHangzhou[0].uscc, inFujian[0].uscc] } },
    });
    expect(codes.status).toBe(403);
    expect(codes.body.message).toContain(inFujian[0].uscc);
    const own = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: hangzhou,
      body: { scope: { type: 'region', prefix: '330106' }, asOf: '2026-11-01' },
    });
    expect(own.status).toBe(202);
    // The national run of the set-up is not Hangzhou's to see; its own run is.
    const list = await stack.request<Page<{ id: string }>>('GET', '/api/v1/assessment-runs', {
      token: hangzhou,
    });
    expect(list.body.items.map((r) => r.id)).toEqual([own.body.id]);
    const all = await stack.request<Page<{ id: string }>>('GET', '/api/v1/assessment-runs', {
      token: national,
    });
    expect(all.body.total).toBe(2);
    const national1 = all.body.items.find((r) => r.id !== own.body.id)!;
    expect(
      (await stack.request('GET', `/api/v1/assessment-runs/${national1.id}`, { token: hangzhou })).status,
    ).toBe(404);
    expect(
      (await stack.request('POST', `/api/v1/assessment-runs/${national1.id}/cancel`, { token: hangzhou }))
        .status,
    ).toBe(404);
  });

  it('shows an inspector its own tasks only, and lets it start them', async () => {
    const roster = ['A', 'B', 'C', 'D', 'E', 'F'].map((id, i) => ({
      id: `INS-${id}`,
      name: `检查员${id}`,
      department: '市场监管',
      regionCode: ['33', '35', '37'][i % 3],
      qualifications: ['食品安全'],
      certified: true,
      capacityPerPeriod: 50,
    }));
    expect(
      (await stack.request('POST', '/api/v1/inspectors', { token: national, body: roster })).status,
    ).toBe(200);
    const refused = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/inspectors', {
      token: hangzhou,
      body: [{ ...roster[1], id: 'INS-X' }],
    });
    expect(refused.status).toBe(403);
    expect(refused.body.details[0].path).toBe('[0].regionCode');
    // An inspector of Fujian cannot be taken over by giving its id a Hangzhou region.
    const takeover = await stack.request<{ details: { path: string; message: string }[] }>(
      'POST',
      '/api/v1/inspectors',
      { token: hangzhou, body: [{ ...roster[1], regionCode: '3301', active: false }] },
    );
    expect(takeover.status).toBe(403);
    expect(takeover.body.details).toEqual([
      { path: '[0].id', message: 'INS-B is an inspector of a region outside yours' },
    ]);
    const [b] = await ds.query(`SELECT region_code, active FROM inspectors WHERE id = 'INS-B'`);
    expect(b).toEqual({ region_code: '35', active: true });
    const plan = await stack.request<{ id: string }>('POST', '/api/v1/inspection-plans', {
      token: national,
      body: {
        name: '全部',
        window: { start: today, end: today },
        seed: 'access-inspector-seed',
        scope: {},
        items: [{ name: '食品安全', type: 'general', department: '食品经营处' }],
        ratioOverrides: { A: 0.05, B: 0.2, C: 0.6, D: 1 },
      },
    });
    expect(plan.status).toBe(201);
    const tasks = await stack.request<
      Page<{ id: string; inspectors: string[]; status: string; uscc: string }>
    >('GET', `/api/v1/inspection-tasks?planId=${plan.body.id}&limit=1000`, { token: national });
    const assigned = tasks.body.items.filter((t) => t.inspectors.length > 0);
    expect(assigned.length).toBeGreaterThan(0);
    // An inspector some task is not assigned to (a small draw can give one inspector every task).
    const inspectorId = [...new Set(assigned.flatMap((t) => t.inspectors))].find((id) =>
      tasks.body.items.some((t) => !t.inspectors.includes(id)),
    )!;
    expect(inspectorId).toBeDefined();
    const inspector = stack.token(Role.Inspector, { subject: 'inspector:x', inspectorId });
    const mine = await stack.request<Page<{ id: string; inspectors: string[] }>>('GET', '/api/v1/me/tasks', {
      token: inspector,
    });
    expect(mine.status).toBe(200);
    const expected = tasks.body.items.filter((t) => t.inspectors.includes(inspectorId)).map((t) => t.id);
    expect(mine.body.items.map((t) => t.id).sort()).toEqual(expected.sort());
    const notMine = tasks.body.items.find((t) => !t.inspectors.includes(inspectorId))!;
    expect(notMine).toBeDefined();
    {
      const read = await stack.request('GET', `/api/v1/inspection-tasks/${notMine.id}`, { token: inspector });
      expect(read.status).toBe(404);
      const start = await stack.request('POST', `/api/v1/inspection-tasks/${notMine.id}/start`, {
        token: inspector,
      });
      expect(start.status).toBe(404);
    }
    // An inspector may not list every task, publish or cancel.
    expect((await stack.request('GET', '/api/v1/inspection-tasks', { token: inspector })).status).toBe(403);
    const task = assigned.find((t) => t.inspectors.includes(inspectorId) && t.status === 'assigned')!;
    expect(task).toBeDefined();
    {
      const started = await stack.request<{ status: string }>(
        'POST',
        `/api/v1/inspection-tasks/${task.id}/start`,
        {
          token: inspector,
        },
      );
      expect(started.status).toBe(200);
      expect(started.body.status).toBe('in_progress');
      expect(
        (
          await stack.request('POST', `/api/v1/inspection-tasks/${task.id}/cancel`, {
            token: inspector,
            body: { reason: 'x' },
          })
        ).status,
      ).toBe(403);
    }
    // A regulator of Hangzhou sees only the tasks of Hangzhou's enterprises.
    const hz = await stack.request<Page<{ uscc: string }>>(
      'GET',
      `/api/v1/inspection-tasks?planId=${plan.body.id}&limit=1000`,
      { token: hangzhou },
    );
    const hzCodes = new Set(inHangzhou.map((e) => e.uscc));
    expect(hz.body.items.every((t) => hzCodes.has(t.uscc))).toBe(true);
    expect(hz.body.total).toBe(tasks.body.items.filter((t) => hzCodes.has(t.uscc)).length);
  });

  it('creates, lists and revokes API keys (admin only), storing only a hash', async () => {
    const admin = stack.token(Role.Admin);
    expect(
      (
        await stack.request('POST', '/api/v1/api-keys', {
          token: national,
          body: { name: 'x', sources: ['a'] },
        })
      ).status,
    ).toBe(403);
    const bad = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/api-keys', {
      token: admin,
      body: { name: '', sources: ['bad source!'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'name', message: 'must be a text of 1-100 characters' },
      { path: 'sources[0]', message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' },
    ]);
    const created = await stack.request<{
      key: string;
      apiKey: { id: string; prefix: string; sources: string[] };
    }>('POST', '/api/v1/api-keys', {
      token: admin,
      body: { name: 'penalty feed', sources: ['samr-penalty'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^twk_/);
    expect(created.body.key.startsWith(created.body.apiKey.prefix)).toBe(true);
    const stored: { key_hash: string }[] = await ds.query(`SELECT key_hash FROM api_keys`);
    expect(JSON.stringify(stored)).not.toContain(created.body.key);
    const listed = await stack.request<Page<{ id: string }>>('GET', '/api/v1/api-keys', { token: admin });
    expect(listed.body.total).toBe(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const withKey = (key: string) =>
      stack.request('GET', `/api/v1/imports/0193b1c2-7f7e-7c4e-9d0a-2f1e3c4b5a69`, {
        headers: { 'x-api-key': key },
      });
    expect((await withKey(created.body.key)).status).toBe(404); // authenticated, no such import
    expect((await withKey(`${created.body.key.slice(0, -2)}xx`)).status).toBe(401);
    // A key is for feeding records: it does not open regulator routes.
    const regulatorRoute = await stack.request('GET', '/api/v1/tiers/summary', {
      headers: { 'x-api-key': created.body.key },
    });
    expect(regulatorRoute.status).toBe(403);

    const revoked = await stack.request<{ revokedAt: string }>(
      'DELETE',
      `/api/v1/api-keys/${created.body.apiKey.id}`,
      {
        token: admin,
      },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await withKey(created.body.key)).status).toBe(401);
    expect((await stack.request('GET', '/api/v1/api-keys/not-a-uuid', { token: admin })).status).toBe(404);
  });

  it('keeps ingestion inside the caller’s reach: a key its sources, a regional regulator its regions', async () => {
    const admin = stack.token(Role.Admin);
    const created = await stack.request<{ key: string }>('POST', '/api/v1/api-keys', {
      token: admin,
      body: { name: 'spot checks', sources: ['spot-check'] },
    });
    const key = { 'x-api-key': created.body.key };
    const record = (source: string, id: string) => ({
      uscc: inHangzhou[0].uscc,
      type: 'complaint',
      source,
      sourceRecordId: id,
      severity: 'low',
      occurredAt: '2026-11-20T10:00:00+08:00',
    });
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM risk_records`))[0].n as number;
    const before = await count();
    const foreign = await stack.request<{ code: string; details: { path: string; message: string }[] }>(
      'POST',
      '/api/v1/records',
      { headers: key, body: [record('spot-check', 'K-1'), record('12315', 'K-2')] },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.details).toEqual([
      { path: 'records[1].source', message: 'source "12315" is not allowed for this API key' },
    ]);
    expect(await count()).toBe(before);
    const own = await stack.request('POST', '/api/v1/records', {
      headers: key,
      body: [record('spot-check', 'K-1')],
    });
    expect(own.status).toBe(200);
    expect(await count()).toBe(before + 1);
    const enterprisesByKey = await stack.request('POST', '/api/v1/enterprises', {
      headers: key,
      body: [enterprises[0]],
    });
    expect(enterprisesByKey.status).toBe(403);

    // A regional regulator cannot write outside its regions, nor pull an enterprise into them.
    const fujian = enterprises.find((e) => e.uscc === inFujian[0].uscc)!;
    const pull = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/enterprises', {
      token: hangzhou,
      body: [{ ...fujian, regionCode: '330106' }],
    });
    expect(pull.status).toBe(403);
    expect(pull.body.details[0].path).toBe('enterprises[0].regionCode');
    const [stored] = await ds.query(`SELECT region_code FROM enterprises WHERE uscc = $1`, [fujian.uscc]);
    expect(stored.region_code).toBe(fujian.regionCode);
    const elsewhere = await stack.request('POST', '/api/v1/records', {
      token: hangzhou,
      body: [{ ...record('12315', 'HZ-1'), uscc: fujian.uscc }],
    });
    expect(elsewhere.status).toBe(403);
    const mine = await stack.request('POST', '/api/v1/records', {
      token: hangzhou,
      body: [record('12315', 'HZ-2')],
    });
    expect(mine.status).toBe(200);
  });

  it('shows an import to whoever posted it and to national regulators only', async () => {
    const lines = Array.from({ length: 3 }, (_, i) =>
      JSON.stringify({
        uscc: inHangzhou[0].uscc,
        type: 'complaint',
        source: '12315',
        sourceRecordId: `IMP-${i}`,
        severity: 'low',
        occurredAt: '2026-11-21T10:00:00+08:00',
      }),
    ).join('\n');
    // No Content-Length (chunked): an import job, whatever its size.
    const posted = await fetch(`${stack.baseUrl}/api/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hangzhou}`, 'content-type': 'application/x-ndjson' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(lines));
          c.close();
        },
      }),
      duplex: 'half',
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    expect((await stack.request('GET', `/api/v1/imports/${id}`, { token: hangzhou })).status).toBe(200);
    expect((await stack.request('GET', `/api/v1/imports/${id}`, { token: national })).status).toBe(200);
    const other = stack.token(Role.Regulator, { subject: 'regulator:fz', regions: ['35'] });
    expect((await stack.request('GET', `/api/v1/imports/${id}`, { token: other })).status).toBe(404);
    expect((await stack.request('GET', `/api/v1/imports/${id}/rejects`, { token: other })).status).toBe(404);
    const rejects = await stack.request<Page<unknown>>('GET', `/api/v1/imports/${id}/rejects`, {
      token: hangzhou,
    });
    expect(rejects.body).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
  });

  it('refuses a caller without credentials before reading its body', async () => {
    const url = new URL(`${stack.baseUrl}/api/v1/records`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', 'content-length': String(64 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      // 1 KiB of a declared 64 MiB: the answer must come without the rest.
      req.write('x'.repeat(1024));
    });
    expect(status).toBe(401);
  });
});
