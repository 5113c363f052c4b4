import { Role } from '@app/auth';
import { ALL_QUEUE_NAMES } from '@app/queue';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

interface ErrorBody {
  statusCode: number;
  message: string;
  correlationId: string;
}

describe('queue dashboard (bull-board) at /admin/queues: admins only, read-only by default', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses anonymous callers (401) and every role but admin (403), in the one error shape', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const anonymous = await stack.request<ErrorBody>('GET', path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ statusCode: 401, correlationId: expect.any(String) });
      for (const role of [Role.Regulator, Role.Inspector, Role.Ingest, Role.RuleAuthor, Role.RuleApprover]) {
        const extra = role === Role.Inspector ? { inspectorId: 'ZJ-1' } : {};
        const other = await stack.request<ErrorBody>('GET', path, { token: stack.token(role, extra) });
        expect({ role, status: other.status }).toEqual({ role, status: 403 });
        expect(other.body.message).toBe('the queue dashboard requires the admin role');
      }
    }
    const forged = await stack.request('GET', '/admin/queues/api/queues', {
      headers: { cookie: 'tierwatch_admin_token=not-a-token' },
    });
    expect(forged.status).toBe(401);
  });

  it('shows every queue to an admin, by bearer token or by the dashboard cookie', async () => {
    const admin = stack.token(Role.Admin);
    const page = await stack.request<string>('GET', '/admin/queues', { token: admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('tierwatch queues');
    const api = await stack.request<{ queues: { name: string; readOnlyMode: boolean }[] }>(
      'GET',
      '/admin/queues/api/queues',
      { token: admin },
    );
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.body.queues.map((q) => q.name).sort()).toEqual([...ALL_QUEUE_NAMES].sort());
    expect(api.body.queues.every((q) => q.readOnlyMode)).toBe(true);
    const byCookie = await stack.request('GET', '/admin/queues/api/queues', {
      headers: { cookie: `other=1; tierwatch_admin_token=${encodeURIComponent(admin)}` },
    });
    expect(byCookie.status).toBe(200);
  });

  it('refuses every write while read-only, a retry included', async () => {
    const admin = stack.token(Role.Admin);
    for (const [method, path] of [
      ['PUT', '/admin/queues/api/queues/maintenance/retry/failed'],
      ['PUT', '/admin/queues/api/queues/maintenance/clean/completed'],
      ['PUT', '/admin/queues/api/queues/pause'],
      ['POST', '/admin/queues/api/queues/maintenance/add'],
    ]) {
      const res = await stack.request<ErrorBody>(method, path, { token: admin, body: {} });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.message).toMatch(/read-only/);
    }
  });
});

describe('queue dashboard with QUEUE_DASHBOARD_ALLOW_RETRY=true', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({ QUEUE_DASHBOARD_ALLOW_RETRY: 'true' }),
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lets an admin retry failed jobs, with the header only, and nothing else', async () => {
    const admin = stack.token(Role.Admin);
    const retry = await stack.request('PUT', '/admin/queues/api/queues/assessment/retry/failed', {
      token: admin,
      body: {},
    });
    expect(retry.status).toBe(200);
    const byCookie = await stack.request<ErrorBody>(
      'PUT',
      '/admin/queues/api/queues/assessment/retry/failed',
      {
        headers: {
          cookie: `tierwatch_admin_token=${encodeURIComponent(admin)}`,
          'content-type': 'application/json',
        },
        raw: '{}',
      },
    );
    expect(byCookie.status).toBe(401);
    const clean = await stack.request<ErrorBody>(
      'PUT',
      '/admin/queues/api/queues/assessment/clean/completed',
      {
        token: admin,
        body: {},
      },
    );
    expect(clean.status).toBe(403);
    expect(clean.body.message).toBe('the queue dashboard only retries failed jobs');
    const regulator = await stack.request('PUT', '/admin/queues/api/queues/assessment/retry/failed', {
      token: stack.token(Role.Regulator),
      body: {},
    });
    expect(regulator.status).toBe(403);
  });
});
