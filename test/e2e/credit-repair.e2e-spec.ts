import { Role } from '@app/auth';
import { Clock } from '@app/domain';
import { RepairService } from '@app/selfservice';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../support/fixtures';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

interface Application {
  id: string;
  uscc: string;
  status: string;
  profile: string;
  grade: string | null;
  decisionWorkingDays: number;
  decideBy: string;
  decisionReason: string | null;
  record: { id: string; occurredOn: string };
  tierAfter?: string | null;
}
interface ErrorBody {
  code: string;
  message: string;
  details: { path: string; message: string }[];
}

const A = usccOf(9101);
const B = usccOf(9102);
const pen = (id: string, severity: string, occurredOn: string, payload: Record<string, unknown>) => ({
  uscc: A,
  type: 'administrative_penalty',
  source: 'samr-penalty',
  sourceRecordId: id,
  severity,
  occurredOn,
  payload: { decisionNo: `杭市监罚〔${occurredOn.slice(0, 4)}〕${id}号`, ...payload },
});
const RECORDS = [
  pen('moderate-0401', 'general', '2026-04-01', { measure: 'fine', amount: '50000.00' }),
  pen('revoked-0501', 'serious', '2026-05-01', { measure: 'revocation' }),
  {
    uscc: A,
    type: 'serious_dishonesty_listing',
    source: 'credit-china',
    sourceRecordId: 'sdl-1101',
    occurredOn: '2025-11-01',
    payload: { listedOn: '2025-11-01', reason: '严重违法' },
  },
  pen('old-0601', 'general', '2025-06-01', { measure: 'fine', amount: '30000.00' }),
  pen('minor-0501', 'minor', '2026-05-01', { measure: 'fine', amount: '500.00' }),
  pen('o107-1226', 'general', '2025-12-26', { measure: 'fine', amount: '20000.00' }),
  pen('low-0801', 'minor', '2025-08-01', { measure: 'fine', amount: '500.00' }),
  { ...pen('b-0401', 'general', '2026-04-01', { measure: 'fine', amount: '1000.00' }), uscc: B },
];

describe('credit repair (信用修复) over HTTP: eligibility, decision deadline, escalation, approval, expiry', () => {
  let stack: Stack;
  let ds: DataSource;
  let tokenA: string;
  let tokenB: string;
  let regulator: string;
  let elsewhere: string;
  const ids: Record<string, string> = {};
  let apiClock: jest.SpyInstance;
  let workerClock: jest.SpyInstance;
  const setApi = (at: string) => apiClock.mockImplementation(() => new Date(at));
  const setWorker = (at: string) => workerClock.mockImplementation(() => new Date(at));

  beforeAll(async () => {
    stack = await Stack.start({ env: await TestEnv.create({ REASSESS_DEBOUNCE_MS: '600000' }) });
    ds = await stack.env.dataSource();
    const ingest = stack.token(Role.Ingest);
    const enterprises = [enterpriseRow(9101, { tags: [] }), enterpriseRow(9102, { tags: [] })];
    expect(
      (await stack.request('POST', '/api/v1/enterprises', { token: ingest, body: enterprises })).status,
    ).toBe(200);
    expect((await stack.request('POST', '/api/v1/records', { token: ingest, body: RECORDS })).status).toBe(
      200,
    );
    const rows: { id: string; source_record_id: string }[] = await ds.query(
      `SELECT id::text, source_record_id FROM credit_records`,
    );
    for (const r of rows) ids[r.source_record_id] = r.id;
    tokenA = stack.token(Role.Enterprise, { uscc: A, subject: 'enterprise:A' });
    tokenB = stack.token(Role.Enterprise, { uscc: B, subject: 'enterprise:B' });
    regulator = stack.token(Role.Regulator, { regions: ['33'], subject: 'regulator:zj' });
    elsewhere = stack.token(Role.Regulator, { regions: ['44'], subject: 'regulator:gd' });
    const clockOf = (app: typeof stack.api | NonNullable<typeof stack.worker>) =>
      app.get<RepairService, { clock: Clock }>(RepairService).clock;
    apiClock = jest.spyOn(clockOf(stack.api), 'now');
    // The worker's clock stands after every decision deadline of this file, so the escalation jobs
    // (delivered at once: their stored run_at is in the real past) find their application due.
    workerClock = jest.spyOn(clockOf(stack.worker!), 'now');
    setWorker('2026-07-20T10:00:00+08:00');
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  const file = (token: string, recordId: string, headers: Record<string, string> = {}) =>
    stack.request<Application & ErrorBody>('POST', '/api/v1/repair-applications', {
      token,
      headers,
      body: {
        recordId,
        evidence: {
          corrected: true,
          penaltyFulfilled: true,
          commitment: '已整改并履行处罚',
          attachments: ['缴款凭证.pdf'],
        },
      },
    });

  it('too early: 422 with the date it becomes possible, in Chinese by default and English on request', async () => {
    setApi('2026-06-30T10:00:00+08:00');
    const zh = await file(tokenA, ids['moderate-0401']);
    expect(zh.status).toBe(422);
    expect(zh.body.code).toBe('NOT_POSSIBLE');
    expect(zh.body.message).toBe('自2026-07-01起可申请信用修复');
    expect(zh.body.details).toEqual([{ path: 'recordId', message: 'repairable from 2026-07-01' }]);
    const en = await file(tokenA, ids['moderate-0401'], { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body.message).toBe('repair may be applied for from 2026-07-01');
  });

  it('never early: a revoked licence is refused with the reason', async () => {
    const res = await file(tokenA, ids['revoked-0501']);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('不得提前修复');
    expect(res.body.details[0].message).toMatch(/^not repairable early/);
  });

  it('on the day: 201 under the Order 36 profile, 7 working days to decide; a second application is 409', async () => {
    setApi('2026-07-01T09:00:00+08:00');
    const res = await file(tokenA, ids['moderate-0401']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      uscc: A,
      status: 'pending',
      profile: '2026-04-01',
      grade: 'moderate',
      decisionWorkingDays: 7,
      decideBy: new Date('2026-07-10T23:59:59.999+08:00').toISOString(),
      record: { id: ids['moderate-0401'], occurredOn: '2026-04-01' },
    });
    ids.application = res.body.id;
    expect((await file(tokenA, ids['moderate-0401'])).status).toBe(409);
    const [outbox] = await ds.query(
      `SELECT run_at FROM outbox WHERE job_name = 'repair.escalate' AND payload->>'applicationId' = $1`,
      [res.body.id],
    );
    expect(new Date(outbox.run_at).toISOString()).toBe(res.body.decideBy);
  });

  it('an undecided application is escalated by the delayed job at its deadline, and audited', async () => {
    const mine = await eventually(async () => {
      const r = await stack.request<{ items: Application[]; total: number }>(
        'GET',
        '/api/v1/me/repair-applications',
        {
          token: tokenA,
        },
      );
      return r.body.items[0]?.status === 'escalated' ? r.body : undefined;
    }, 20_000);
    expect(mine.total).toBe(1);
    const audit = await ds.query(
      `SELECT actor FROM audit_log WHERE action = 'repair_application.escalated' AND entity_id = $1`,
      [ids.application],
    );
    expect(audit).toEqual([{ actor: 'worker' }]);
  });

  it('another enterprise, or a regulator of another region, sees nothing of it (404), and cannot act', async () => {
    expect(
      (await stack.request('GET', `/api/v1/repair-applications/${ids.application}`, { token: tokenB }))
        .status,
    ).toBe(404);
    const theirs = await stack.request<{ total: number }>('GET', '/api/v1/me/repair-applications', {
      token: tokenB,
    });
    expect(theirs.body.total).toBe(0);
    const other = await file(tokenB, ids['moderate-0401']);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(A);
    expect(
      (await stack.request('GET', `/api/v1/repair-applications/${ids.application}`, { token: elsewhere }))
        .status,
    ).toBe(404);
    const list = await stack.request<{ total: number }>('GET', '/api/v1/repair-applications', {
      token: elsewhere,
    });
    expect(list.body.total).toBe(0);
    const decide = await stack.request('POST', `/api/v1/repair-applications/${ids.application}/decision`, {
      token: elsewhere,
      body: { decision: 'approve', reason: '同意' },
    });
    expect(decide.status).toBe(404);
    expect((await stack.request('GET', '/api/v1/repair-applications', { token: tokenB })).status).toBe(403);
    const asEnterprise = await stack.request(
      'POST',
      `/api/v1/repair-applications/${ids.application}/decision`,
      {
        token: tokenA,
        body: { decision: 'approve', reason: '同意' },
      },
    );
    expect(asEnterprise.status).toBe(403);
  });

  it('approval: the record stops counting, the enterprise is re-tiered at once, audited; a second decision is 409', async () => {
    setApi('2026-07-08T15:00:00+08:00');
    const before: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM assessments WHERE uscc = $1`,
      [A],
    );
    const listed = await stack.request<{ items: Application[] }>(
      'GET',
      '/api/v1/repair-applications?status=escalated&region=3301',
      {
        token: regulator,
      },
    );
    expect(listed.body.items.map((a) => a.id)).toEqual([ids.application]);
    const res = await stack.request<Application>(
      'POST',
      `/api/v1/repair-applications/${ids.application}/decision`,
      {
        token: regulator,
        body: { decision: 'approve', reason: '已整改, 同意修复' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(res.body.tierAfter).toEqual(expect.any(String));
    const [record] = await ds.query(`SELECT repaired_at FROM credit_records WHERE id = $1`, [
      ids['moderate-0401'],
    ]);
    expect(new Date(record.repaired_at).toISOString()).toBe(
      new Date('2026-07-08T15:00:00+08:00').toISOString(),
    );
    const after: { n: number; as_of: Date; general: string; tier: string }[] = await ds.query(
      `SELECT count(*) OVER ()::int AS n, as_of, facts->>'general_penalties_1y' AS general, tier
         FROM assessments WHERE uscc = $1 ORDER BY created_at DESC LIMIT 1`,
      [A],
    );
    expect(after[0].n).toBe(before[0].n + 1);
    // Of the general penalties within a year of 2026-07-08 (04-01 and 2025-12-26), the repaired one no longer counts.
    expect(after[0].general).toBe('1');
    expect(after[0].tier).toBe(res.body.tierAfter);
    const audit: { action: string }[] = await ds.query(
      `SELECT action FROM audit_log WHERE entity_id IN ($1, $2) ORDER BY id`,
      [ids.application, ids['moderate-0401']],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'repair_application.filed',
      'repair_application.escalated',
      'repair_application.approved',
      'credit_record.repaired',
    ]);
    const again = await stack.request('POST', `/api/v1/repair-applications/${ids.application}/decision`, {
      token: regulator,
      body: { decision: 'reject', reason: '重复' },
    });
    expect(again.status).toBe(409);
  });

  it('rejection states the reason to the enterprise (2021 profile record)', async () => {
    const filed = await file(tokenA, ids['old-0601']);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ profile: '2021', grade: 'penalty', decisionWorkingDays: 15 });
    const res = await stack.request<Application>(
      'POST',
      `/api/v1/repair-applications/${filed.body.id}/decision`,
      {
        token: regulator,
        body: { decision: 'reject', reason: '罚款尚未缴清' },
      },
    );
    expect(res.body.status).toBe('rejected');
    const seen = await stack.request<Application>('GET', `/api/v1/repair-applications/${filed.body.id}`, {
      token: tokenA,
    });
    expect(seen.body).toMatchObject({ status: 'rejected', decisionReason: '罚款尚未缴清' });
    const [record] = await ds.query(`SELECT repaired_at FROM credit_records WHERE id = $1`, [
      ids['old-0601'],
    ]);
    expect(record.repaired_at).toBeNull();
  });

  it('publicity ends by itself across the profiles (daily job): re-tier and audit, once; a re-import keeps it ended', async () => {
    setWorker('2026-08-01T00:20:00+08:00');
    const service = stack.worker!.get(RepairService);
    const result = await service.expirePublicity();
    // Order 36 minor fine of 2026-05-01 (3 months: 2026-08-01) and the 2021 low fine of 2025-08-01
    // (3 months: 2025-11-01); the Order 107 moderate penalty of 2025-12-26 runs to 2026-12-26.
    expect(result.ended).toBe(2);
    const ended: { record_id: string; repaired_at: Date; basis: string }[] = await ds.query(
      `SELECT record_id::text, repaired_at, basis FROM credit_record_repairs WHERE basis = 'publicity_ended' ORDER BY record_id`,
    );
    expect(ended.map((e) => [e.record_id, new Date(e.repaired_at).toISOString()])).toEqual(
      [
        [ids['minor-0501'], new Date('2026-08-01T00:00:00+08:00').toISOString()],
        [ids['low-0801'], new Date('2025-11-01T00:00:00+08:00').toISOString()],
      ].sort((x, y) => Number(x[0]) - Number(y[0])),
    );
    const audit: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'credit_record.publicity_ended'`,
    );
    expect(audit[0].n).toBe(2);
    const [latest] = await ds.query(
      `SELECT as_of FROM assessments WHERE uscc = $1 ORDER BY created_at DESC LIMIT 1`,
      [A],
    );
    expect(new Date(latest.as_of).toISOString()).toBe(
      new Date('2026-08-01T23:59:59.999+08:00').toISOString(),
    );
    expect((await service.expirePublicity()).ended).toBe(0);
    // The source re-sends the low fine without a repair date: it stays ended.
    const resend = await stack.request('POST', '/api/v1/records', {
      token: stack.token(Role.Ingest),
      body: [{ ...RECORDS[6], payload: { ...RECORDS[6].payload, item: '更正' } }],
    });
    expect(resend.status).toBe(200);
    const [kept] = await ds.query(
      `SELECT repaired_at, payload->>'item' AS item FROM credit_records WHERE id = $1`,
      [ids['low-0801']],
    );
    expect(kept.item).toBe('更正');
    expect(new Date(kept.repaired_at).toISOString()).toBe(
      new Date('2025-11-01T00:00:00+08:00').toISOString(),
    );
  });

  it('serious dishonesty list: too early before a year, then early removal through the same workflow', async () => {
    setApi('2026-10-31T10:00:00+08:00');
    const early = await file(tokenA, ids['sdl-1101']);
    expect(early.status).toBe(422);
    expect(early.body.details[0].message).toBe('repairable from 2026-11-01');
    setApi('2026-11-02T10:00:00+08:00');
    const filed = await file(tokenA, ids['sdl-1101']);
    expect(filed.status).toBe(201);
    expect(filed.body.grade).toBe('dishonesty_list');
    const res = await stack.request<Application>(
      'POST',
      `/api/v1/repair-applications/${filed.body.id}/decision`,
      {
        token: regulator,
        body: { decision: 'approve', reason: '满一年, 同意提前移出' },
      },
    );
    expect(res.body.status).toBe('approved');
    const [record] = await ds.query(
      `SELECT payload->>'removedOn' AS removed FROM credit_records WHERE id = $1`,
      [ids['sdl-1101']],
    );
    expect(record.removed).toBe('2026-11-02');
    const [latest] = await ds.query(
      `SELECT facts->>'on_serious_dishonesty_list' AS listed FROM assessments WHERE uscc = $1 ORDER BY created_at DESC LIMIT 1`,
      [A],
    );
    expect(latest.listed).toBe('false');
  });
  it('the credit file (信用档案) holds every record, list entry, repair, application and assessment; only for its reader', async () => {
    interface File {
      enterprise: { uscc: string };
      records: { id: string; counting: boolean; endedBy: string | null }[];
      listEntries: { recordId: string; removedOn: string | null }[];
      repairs: { recordId: string; basis: string }[];
      repairApplications: { status: string }[];
      assessments: { tier: string }[];
    }
    const mine = await stack.request<File>('GET', '/api/v1/me/credit-file', { token: tokenA });
    expect(mine.status).toBe(200);
    expect(mine.body.enterprise.uscc).toBe(A);
    expect(mine.body.records).toHaveLength(7);
    const byId = new Map(mine.body.records.map((r) => [r.id, r]));
    expect(byId.get(ids['moderate-0401'])).toMatchObject({ counting: false, endedBy: 'application' });
    expect(byId.get(ids['minor-0501'])).toMatchObject({ counting: false, endedBy: 'publicity_ended' });
    expect(byId.get(ids['o107-1226'])).toMatchObject({ counting: true, endedBy: null });
    expect(mine.body.listEntries).toEqual([
      expect.objectContaining({ recordId: ids['sdl-1101'], removedOn: '2026-11-02' }),
    ]);
    expect(mine.body.repairs.map((r) => r.basis).sort()).toEqual([
      'application',
      'application',
      'publicity_ended',
      'publicity_ended',
    ]);
    expect(mine.body.repairApplications.map((a) => a.status).sort()).toEqual([
      'approved',
      'approved',
      'rejected',
    ]);
    expect(mine.body.assessments.length).toBeGreaterThan(0);
    const asRegulator = await stack.request<File>('GET', `/api/v1/enterprises/${A}/credit-file`, {
      token: regulator,
    });
    expect(asRegulator.body.records).toHaveLength(7);
    const logged = await ds.query(
      `SELECT count(*)::int AS n FROM access_log WHERE resource = 'credit-file' AND uscc = $1`,
      [A],
    );
    expect(logged).toEqual([{ n: 1 }]);
    for (const token of [tokenB, elsewhere]) {
      const res = await stack.request('GET', `/api/v1/enterprises/${A}/credit-file`, { token });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('杭市监罚');
    }
    const pdf = await fetch(`${stack.baseUrl}/api/v1/me/credit-file?format=pdf`, {
      headers: { authorization: `Bearer ${tokenA}`, connection: 'close' },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The Chinese font is embedded (a subset of Noto Sans SC), not referenced.
    expect(bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(bytes.toString('latin1')).toContain('/FontFile2');
    const pdfOfOther = await stack.request('GET', `/api/v1/enterprises/${A}/credit-file?format=pdf`, {
      token: tokenB,
    });
    expect(pdfOfOther.status).toBe(404);
    expect((await stack.request('GET', '/api/v1/me/credit-file?format=doc', { token: tokenA })).status).toBe(
      400,
    );
    const theirs = await stack.request<File>('GET', '/api/v1/me/credit-file', { token: tokenB });
    expect(theirs.body.enterprise.uscc).toBe(B);
    expect(theirs.body.records.map((r) => r.id)).toEqual([ids['b-0401']]);
  });
});
