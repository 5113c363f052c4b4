import { Role } from '@app/auth';
import { eventually } from '../support/test-env';
import { Stack } from '../support/stack';

const MODEL = '91330106MA2000DA53';
const OTHER = '91350100M000100Y43';
const enterprise = (uscc: string, extra: Record<string, unknown> = {}) => ({
  uscc,
  name: '杭州清源食品有限公司',
  regionCode: '330106',
  industryCode: 'C1431',
  establishedOn: '2008-04-18',
  registeredCapital: '50000000',
  tags: ['food'],
  ...extra,
});

describe('api and worker over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('reports PostgreSQL and Redis healthy', async () => {
    const { status, body } = await stack.request<{
      status: string;
      info: Record<string, { status: string }>;
    }>('GET', '/health');
    expect(status).toBe(200);
    expect(body.info.postgres.status).toBe('up');
    expect(body.info.redis.status).toBe('up');
  });

  it('serves the OpenAPI document', async () => {
    const { status, body } = await stack.request<{ paths: Record<string, unknown> }>('GET', '/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/enterprises', '/api/v1/enterprises/{uscc}']),
    );
  });

  it('answers an unknown route with 404 in the error shape, echoing the correlation id', async () => {
    const { status, body, headers } = await stack.request('GET', '/api/v1/nowhere', {
      headers: { 'x-correlation-id': 'trace-42' },
    });
    expect(status).toBe(404);
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: 'Cannot GET /api/v1/nowhere',
      details: [],
      correlationId: 'trace-42',
    });
    expect(headers.get('x-correlation-id')).toBe('trace-42');
  });

  it('refuses callers without a token or without the owner role', async () => {
    const anonymous = await stack.request('POST', '/api/v1/enterprises', { body: [] });
    expect(anonymous.status).toBe(401);
    const wrongRole = await stack.request('POST', '/api/v1/enterprises', {
      body: [],
      token: stack.token(Role.RuleAuthor),
    });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body).toMatchObject({ message: 'requires one of the roles: regulator, ingest' });
    const forged = await stack.request('GET', `/api/v1/enterprises/${MODEL}`, { token: 'abc.def.ghi' });
    expect(forged.status).toBe(401);
  });

  it('stores good rows, names each bad field by row, and is idempotent', async () => {
    const token = stack.token(Role.Ingest);
    const first = await stack.request('POST', '/api/v1/enterprises', {
      token,
      body: [enterprise(MODEL), enterprise('91330106MA2000DA54', { regionCode: '33010' })],
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      accepted: 1,
      updated: 0,
      unchanged: 0,
      duplicates: [],
      rejected: [
        { row: 2, path: 'uscc', message: "check character mismatch: expected '3', found '4'" },
        {
          row: 2,
          path: 'regionCode',
          message: 'must be a 6-digit administrative division code, got "33010"',
        },
      ],
    });

    const again = await stack.request('POST', '/api/v1/enterprises', { token, body: [enterprise(MODEL)] });
    expect(again.body).toMatchObject({ accepted: 0, updated: 0, unchanged: 1 });

    const corrected = await stack.request('POST', '/api/v1/enterprises', {
      token,
      body: [enterprise(MODEL, { registeredCapital: '60000000.00' })],
    });
    expect(corrected.body).toMatchObject({ accepted: 0, updated: 1, unchanged: 0 });

    const read = await stack.request<{ registeredCapital: string; tags: string[] }>(
      'GET',
      `/api/v1/enterprises/${MODEL}`,
      {
        token: stack.token(Role.Regulator),
      },
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ uscc: MODEL, registeredCapital: '60000000.00', tags: ['food'] });
  });

  it('refuses a whole atomic request with one bad row and stores nothing', async () => {
    const token = stack.token(Role.Ingest);
    const res = await stack.request('POST', '/api/v1/enterprises?atomic=true', {
      token,
      body: [enterprise(OTHER), enterprise(OTHER, { name: '' })],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      details: [{ path: '[1].name', message: 'must not be empty' }],
    });
    const read = await stack.request('GET', `/api/v1/enterprises/${OTHER}`, {
      token: stack.token(Role.Regulator),
    });
    expect(read.status).toBe(404);
  });

  it('answers a body that is not an array, or not JSON, with 400', async () => {
    const token = stack.token(Role.Ingest);
    const notArray = await stack.request('POST', '/api/v1/enterprises', { token, body: { uscc: MODEL } });
    expect(notArray.status).toBe(400);
    expect(notArray.body).toMatchObject({ details: [{ path: 'body', message: 'must be a JSON array' }] });
    const broken = await stack.request('POST', '/api/v1/enterprises', {
      token,
      raw: '[{"uscc": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('lets an enterprise read only its own record', async () => {
    const own = await stack.request('GET', `/api/v1/enterprises/${MODEL}`, {
      token: stack.token(Role.Enterprise, { uscc: MODEL }),
    });
    expect(own.status).toBe(200);
    const other = await stack.request('GET', `/api/v1/enterprises/${MODEL}`, {
      token: stack.token(Role.Enterprise, { uscc: OTHER }),
    });
    // No existence leak: another enterprise is answered exactly like one that does not exist.
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ code: 'NOT_FOUND', message: `no enterprise ${MODEL}` });
  });

  it('carries a job from the api through the outbox to the worker', async () => {
    const admin = stack.token(Role.Admin);
    const queued = await stack.request<{ id: string }>('POST', '/api/v1/audit/verifications', {
      token: admin,
    });
    expect(queued.status).toBe(202);
    const done = await eventually(async () => {
      const res = await stack.request<{ status: string; result: { ok: boolean; checked: number } }>(
        'GET',
        `/api/v1/audit/verifications/${queued.body.id}`,
        { token: admin },
      );
      return res.body.status === 'completed' && res.body;
    });
    // Three register changes above were audited: the created, the updated and (none for unchanged).
    expect(done.result).toEqual({ ok: true, checked: 2 });
  });
});
