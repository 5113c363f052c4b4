import { Role } from '@app/auth';
import { request as httpRequest } from 'node:http';
import { Stack } from '../support/stack';

/** A raw request, for what fetch would refuse to send or would repair (bad escapes, lone surrogates). */
function raw(
  stack: Stack,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<{ status: number; body: { code?: string; message?: string; details?: { path: string }[] } }> {
  const url = new URL(stack.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('strict input on every route: ids, dates, booleans, text, URL encoding, unknown fields', () => {
  let stack: Stack;
  let regulator: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
    regulator = stack.token(Role.Regulator);
    auth = { authorization: `Bearer ${regulator}` };
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers ids that are not UUIDs as not found, never 500', async () => {
    for (const path of [
      '/api/v1/inspection-tasks/------------------------------------',
      '/api/v1/inspection-plans/1',
      '/api/v1/inspection-plans/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz/export',
    ]) {
      const res = await stack.request<{ code: string }>('GET', path, { token: regulator });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('refuses dates that are not in the calendar, naming the field', async () => {
    for (const asOf of ['2026-02-30', '0000-01-01', '2026-13-01', 'yesterday']) {
      const res = await stack.request<{ details: { path: string }[] }>(
        'GET',
        `/api/v1/enterprises/91330106MA2000DA53/assessment?asOf=${asOf}`,
        { token: regulator },
      );
      expect(res.status).toBe(400);
      expect(res.body.details.map((d) => d.path)).toEqual(['asOf']);
    }
  });

  it('takes true and false for booleans, nothing else', async () => {
    const yes = await stack.request<{ details: { path: string; message: string }[] }>(
      'GET',
      '/api/v1/inspection-tasks?overdue=yes',
      { token: regulator },
    );
    expect(yes.status).toBe(400);
    expect(yes.body.details).toEqual([{ path: 'overdue', message: 'must be true or false' }]);
    expect(
      (await stack.request('GET', '/api/v1/inspection-tasks?overdue=true', { token: regulator })).status,
    ).toBe(200);
  });

  it('caps list pages and refuses unknown query parameters', async () => {
    const big = await stack.request<{ details: { path: string }[] }>('GET', '/api/v1/inspectors?limit=5000', {
      token: regulator,
    });
    expect(big.status).toBe(400);
    expect(big.body.details[0].path).toBe('limit');
    const far = await stack.request('GET', '/api/v1/inspectors?offset=100001', { token: regulator });
    expect(far.status).toBe(400);
    const unknown = await stack.request<{ details: { path: string }[] }>(
      'GET',
      '/api/v1/inspectors?sort=name',
      {
        token: regulator,
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].path).toBe('sort');
  });

  it('refuses NUL and lone surrogates in queries and bodies, naming the field', async () => {
    const query = await raw(stack, 'GET', '/api/v1/inspectors?department=%00x', auth);
    expect(query.status).toBe(400);
    expect(query.body.details?.[0].path).toBe('query.department');
    const surrogate = await raw(stack, 'GET', '/api/v1/inspectors?department=%ED%A0%80', auth);
    expect(surrogate.status).toBe(400);
    const body = await raw(
      stack,
      'POST',
      '/api/v1/inspection-tasks/0193b1c2-7f7e-7c4e-9d0a-2f1e3c4b5a69/cancel',
      { ...auth, 'content-type': 'application/json' },
      '{"reason":"a\\ud800b"}',
    );
    expect(body.status).toBe(400);
    expect(body.body.details?.[0].path).toBe('reason');
  });

  it('answers malformed percent-encoding with 400 in the error shape', async () => {
    const res = await raw(stack, 'GET', '/api/v1/inspection-tasks/%E0%A4%A', auth);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('takes JSON rosters with their own types: text is not a list, "yes" is not a boolean', async () => {
    const res = await stack.request<{ details: { path: string; message: string }[] }>(
      'POST',
      '/api/v1/inspectors',
      {
        token: regulator,
        body: [
          {
            id: 'T-1',
            name: '张三',
            department: '食品',
            regionCode: '33',
            qualifications: 'food',
            certified: 'yes',
            capacityPerPeriod: '5',
          },
        ],
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.path)).toEqual([
      'inspectors[0].qualifications',
      'inspectors[0].certified',
      'inspectors[0].capacityPerPeriod',
    ]);
  });

  it('refuses a plan whose window is not in the calendar, or whose draw is null', async () => {
    const plan = (extra: Record<string, unknown>) => ({
      name: 'x',
      window: { start: '2026-06-01', end: '2026-06-30' },
      items: [{ name: '食品安全', type: 'general', department: '食品经营处' }],
      ...extra,
    });
    const june31 = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/inspection-plans', {
      token: regulator,
      body: plan({ window: { start: '2026-06-01', end: '2026-06-31' } }),
    });
    expect(june31.status).toBe(400);
    expect(june31.body.details.map((d) => d.path)).toEqual(['window.end']);
    const nullDraw = await stack.request<{ details: { path: string }[] }>(
      'POST',
      '/api/v1/inspection-plans',
      {
        token: regulator,
        body: plan({ draw: null }),
      },
    );
    expect(nullDraw.status).toBe(400);
    expect(nullDraw.body.details.map((d) => d.path)).toEqual(['draw']);
  });

  it('refuses fields a body does not have', async () => {
    const res = await stack.request<{ details: { path: string }[] }>(
      'POST',
      '/api/v1/inspection-tasks/0193b1c2-7f7e-7c4e-9d0a-2f1e3c4b5a69/cancel',
      { token: regulator, body: { reason: 'x', force: true } },
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.path)).toEqual(['force']);
  });
});
