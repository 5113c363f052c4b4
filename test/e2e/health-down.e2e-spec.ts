import { Client } from 'pg';
import { ADMIN_DATABASE_URL } from '../support/services';
import { eventually } from '../support/test-env';
import { Stack } from '../support/stack';

describe('/health when PostgreSQL is unreachable', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('turns 503 and names postgres, while Redis stays up', async () => {
    expect((await stack.request('GET', '/health')).status).toBe(200);
    // The api's database disappears under it: every connection is cut and none can be made.
    const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE ${stack.env.databaseName} WITH (FORCE)`);
    await admin.end();

    const res = await eventually(async () => {
      const r = await stack.request<{ details: { path: string; message: string }[] }>('GET', '/health');
      return r.status === 503 && r;
    });
    expect(res.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'unhealthy: postgres',
      details: [{ path: 'postgres' }],
    });
  });
});
