import { Role } from '@app/auth';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../support/fixtures';
import { Stack } from '../support/stack';

interface Page {
  items: {
    subject: string;
    roles: string[];
    method: string;
    route: string;
    path: string;
    resource: string;
    uscc: string | null;
    status: number;
    correlationId: string | null;
    at: string;
  }[];
  total: number;
  limit: number;
  offset: number;
}

describe('privileged reads are recorded in the append-only access log', () => {
  let stack: Stack;
  let ds: DataSource;
  let admin: string;
  const uscc = usccOf(1);
  const other = usccOf(2);
  const rows = async (): Promise<{ subject: string; resource: string; uscc: string }[]> =>
    ds.query(`SELECT subject, resource, uscc FROM access_log ORDER BY id`);

  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
    ds = await stack.env.dataSource();
    admin = stack.token(Role.Admin, { subject: 'admin:root' });
    const seeded = await stack.request('POST', '/api/v1/enterprises', {
      token: stack.token(Role.Ingest),
      body: [enterpriseRow(1), enterpriseRow(2)],
    });
    expect(seeded.status).toBe(200);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it("records a regulator's read of one enterprise: who, what, when", async () => {
    const before = Date.now();
    const regulator = stack.token(Role.Regulator, { subject: 'regulator:alice' });
    const res = await stack.request('GET', `/api/v1/enterprises/${uscc}`, {
      token: regulator,
      headers: { 'x-correlation-id': 'read-1' },
    });
    expect(res.status).toBe(200);
    const [row, ...more] = await ds.query(`SELECT * FROM access_log`);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      subject: 'regulator:alice',
      roles: ['regulator'],
      method: 'GET',
      route: '/api/v1/enterprises/:uscc',
      path: `/api/v1/enterprises/${uscc}`,
      resource: 'enterprise',
      uscc,
      status: 200,
      correlation_id: 'read-1',
    });
    expect(new Date(row.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('records nothing when an enterprise reads itself, nor for refused or failed reads', async () => {
    const count = (await rows()).length;
    const own = stack.token(Role.Enterprise, { subject: 'enterprise:one', uscc });
    expect((await stack.request('GET', `/api/v1/enterprises/${uscc}`, { token: own })).status).toBe(200);
    expect((await stack.request('GET', `/api/v1/enterprises/${other}`, { token: own })).status).toBe(404);
    const regulator = stack.token(Role.Regulator);
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${usccOf(99)}`, { token: regulator })).status,
    ).toBe(404);
    expect(await rows()).toHaveLength(count);
  });

  it("records an admin's and a rule author's reads of assessments too", async () => {
    const count = (await rows()).length;
    const history = await stack.request('GET', `/api/v1/enterprises/${other}/assessments`, { token: admin });
    expect(history.status).toBe(200);
    const author = stack.token(Role.RuleAuthor, { subject: 'author:bo' });
    expect((await stack.request('GET', `/api/v1/enterprises/${other}`, { token: author })).status).toBe(200);
    expect((await rows()).slice(count)).toEqual([
      { subject: 'admin:root', resource: 'assessment-history', uscc: other },
      { subject: 'author:bo', resource: 'enterprise', uscc: other },
    ]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log', async () => {
    await expect(ds.query(`UPDATE access_log SET subject = 'nobody'`)).rejects.toThrow(
      /access_log is append-only: UPDATE refused/,
    );
    await expect(ds.query(`DELETE FROM access_log`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(ds.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('lets an admin query it by subject, enterprise and time, newest first, paged', async () => {
    const all = await stack.request<Page>('GET', '/api/v1/access-log', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 100, offset: 0 });
    expect(all.body.items.map((i) => i.subject)).toEqual(['author:bo', 'admin:root', 'regulator:alice']);
    expect(all.headers.get('cache-control')).toBe('no-store');

    const bySubject = await stack.request<Page>('GET', '/api/v1/access-log?subject=regulator:alice', {
      token: admin,
    });
    expect(bySubject.body.items).toEqual([expect.objectContaining({ uscc, correlationId: 'read-1' })]);
    const byUscc = await stack.request<Page>(
      'GET',
      `/api/v1/access-log?uscc=${other.toLowerCase()}&limit=1&offset=1`,
      { token: admin },
    );
    expect(byUscc.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ subject: 'admin:root' }] });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await stack.request<Page>('GET', `/api/v1/access-log?from=${encodeURIComponent(future)}`, {
      token: admin,
    });
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const window = await stack.request<Page>(
      'GET',
      `/api/v1/access-log?from=2020-01-01&to=${encodeURIComponent(future)}`,
      { token: admin },
    );
    expect(window.body.total).toBe(3);
  });

  it('refuses bad query parameters in the error shape', async () => {
    for (const query of [
      'limit=0',
      'limit=1001',
      'offset=100001',
      'from=yesterday',
      'uscc=short',
      'who=me',
    ]) {
      const res = await stack.request('GET', `/api/v1/access-log?${query}`, { token: admin });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: expect.any(Array) });
    }
    const reversed = await stack.request('GET', '/api/v1/access-log?from=2026-02-01&to=2026-01-01', {
      token: admin,
    });
    expect(reversed.body).toMatchObject({ statusCode: 400, message: 'from must be before to' });
  });

  it('is for admins only', async () => {
    const regulator = await stack.request('GET', '/api/v1/access-log', {
      token: stack.token(Role.Regulator),
    });
    expect(regulator.status).toBe(403);
    expect((await stack.request('GET', '/api/v1/access-log')).status).toBe(401);
  });
});
