import { Role } from '@app/auth';
import { shanghaiDateOf } from '@app/domain';
import { shippedRuleSet } from '@app/rulesets';
import { enterpriseRow, oneOfEachRecord, toNdjson, usccOf } from '../support/fixtures';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

interface ImportBody {
  id: string;
  status: string;
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  progressPercent: number;
  rejectsUrl: string;
}

describe('ingestion over HTTP: three formats, in-request and as import jobs', () => {
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    // Bodies over 4 KB become import jobs, so the test can exercise both paths.
    stack = await Stack.start({
      env: await TestEnv.create({
        INGEST_INLINE_MAX_BYTES: '4096',
        INGEST_BATCH_SIZE: '100',
        REASSESS_DEBOUNCE_MS: '300',
      }),
    });
    token = stack.token(Role.Ingest);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('takes enterprises as CSV and records as NDJSON in the request', async () => {
    const csv = `uscc,name,regionCode,industryCode,establishedOn,tags,isPlatform\n${usccOf(1)},甲公司,330106,C1431,2015-06-01,food;retail,false\n${usccOf(2)},乙公司,330106,I6432,2012-01-01,,true\n`;
    const e = await stack.request('POST', '/api/v1/enterprises', {
      token,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(e.status).toBe(200);
    expect(e.body).toEqual({ accepted: 2, updated: 0, unchanged: 0, rejected: [], duplicates: [] });

    const records = oneOfEachRecord(usccOf(1), 'H').slice(0, 5);
    const r = await stack.request('POST', '/api/v1/records', {
      token,
      raw: toNdjson(records),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 5, rejected: [] });

    const read = await stack.request<{ tags: string[]; isPlatform: boolean }>(
      'GET',
      `/api/v1/enterprises/${usccOf(2)}`,
      {
        token: stack.token(Role.Regulator),
      },
    );
    expect(read.body).toMatchObject({ isPlatform: true, tags: [] });
  });

  it('re-tiers the enterprises whose records changed, once they are quiet (the change feed)', async () => {
    const regulator = stack.token(Role.Regulator);
    const tier = await eventually(async () => {
      const res = await stack.request<{ currentTier: string | null }>(
        'GET',
        `/api/v1/enterprises/${usccOf(1)}`,
        {
          token: regulator,
        },
      );
      return res.body.currentTier;
    }, 20_000);
    expect(['A', 'B', 'C', 'D']).toContain(tier);
    const ds = await stack.env.dataSource();
    const [assessment] = await ds.query(
      `SELECT trigger, rule_set_version FROM assessments WHERE uscc = $1 ORDER BY created_at DESC LIMIT 1`,
      [usccOf(1)],
    );
    // The shipped tiering version in force today (2026.1 until 2027-01-01, then 2026.2).
    const inForce = shippedRuleSet('tiering', shanghaiDateOf(new Date())).version;
    expect(assessment).toEqual({ trigger: 'record_change', rule_set_version: inForce });
    await eventually(
      async () => (await ds.query(`SELECT count(*)::int AS n FROM reassessment_marks`))[0].n === 0,
      20_000,
    );
  });

  it('refuses an unsupported content type with 415 in the error shape', async () => {
    const res = await stack.request('POST', '/api/v1/records', {
      token,
      raw: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('turns a large body into an import job that the worker finishes, with progress and rejects', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => enterpriseRow(100 + i));
    rows[41] = { ...rows[41], regionCode: 'nope' };
    const res = await stack.request<ImportBody>('POST', '/api/v1/enterprises', {
      token,
      raw: toNdjson(rows),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/v1/imports/${res.body.id}`);
    expect(res.body.status).toBe('queued');

    const done = await eventually(async () => {
      const s = await stack.request<ImportBody>('GET', `/api/v1/imports/${res.body.id}`, { token });
      return s.body.status === 'done' && s.body;
    }, 20_000);
    expect(done).toMatchObject({
      accepted: 299,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      progressPercent: 100,
    });
    const rejects = await stack.request('GET', done.rejectsUrl, { token });
    expect(rejects.body).toEqual({
      items: [
        {
          row: 42,
          path: 'regionCode',
          message: 'must be a 6-digit administrative division code, got "nope"',
        },
      ],
      total: 1,
      limit: 100,
      offset: 0,
    });
  });
});
