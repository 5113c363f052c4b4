import { FactDeriver } from '@app/assessment';
import { Role } from '@app/auth';
import { makeUscc, shanghaiDateOf } from '@app/domain';
import { DataSource } from 'typeorm';
import { Stack } from '../support/stack';

interface Compliance {
  uscc: string;
  isPlatform: boolean;
  grade: string;
  grades: string[];
  findings: {
    rule: string;
    code: string;
    grade: string;
    value: unknown;
    basis?: { title: string; article?: string };
    records: string[];
  }[];
  facts: Record<string, unknown>;
  ruleSet: { kind: string; version: string; effectiveFrom: string };
}

const code = (region: string, body: string) => makeUscc({ region, orgBody: body });
// Three platforms in Hangzhou: a compliant one, one with 二选一 signals and slow warning handling,
// one without an algorithm filing; one in Fuzhou.
const GOOD = code('330106', 'PLC00001');
const BAD = code('330106', 'PLC00002');
const FAIR = code('330106', 'PLC00003');
const FZ = code('350102', 'PLC00004');

describe('platform compliance (平台合规评价): grade, findings, records, region scope', () => {
  let stack: Stack;
  let ds: DataSource;
  let ingest: string;
  let national: string;
  let hangzhou: string;
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
  const dayAgo = (days: number) => ago(days).toISOString().slice(0, 10);

  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
    ds = await stack.env.dataSource();
    ingest = stack.token(Role.Ingest);
    national = stack.token(Role.Regulator);
    hangzhou = stack.token(Role.Regulator, { subject: 'regulator:hz', regions: ['3301'] });
    const ent = (uscc: string, name: string, regionCode: string) => ({
      uscc,
      name,
      regionCode,
      industryCode: 'I6432',
      establishedOn: '2015-01-01',
      isPlatform: true,
    });
    const posted = await stack.request('POST', '/api/v1/enterprises', {
      token: ingest,
      body: [
        ent(GOOD, '某合规平台公司', '330106'),
        ent(BAD, '某违规平台公司', '330106'),
        ent(FAIR, '某未备案平台公司', '330106'),
        ent(FZ, '某福州平台公司', '350102'),
      ],
    });
    expect(posted.status).toBe(200);
    const filing = (uscc: string, id: string, status: string) => ({
      uscc,
      type: 'algorithm_filing',
      source: 'cac-algorithm',
      sourceRecordId: id,
      occurredOn: dayAgo(200),
      payload: { filingNo: `网信算备${id}`, algorithm: '个性化推荐算法', status },
    });
    const records = await stack.request<{ rejected: unknown[] }>('POST', '/api/v1/records', {
      token: ingest,
      body: [
        filing(GOOD, 'AF-1', 'filed'),
        filing(BAD, 'AF-2', 'filed'),
        filing(FZ, 'AF-4', 'filed'),
        { ...filing(FAIR, 'AF-3', 'filed'), occurredOn: dayAgo(300) },
        { ...filing(FAIR, 'AF-3b', 'revoked'), occurredOn: dayAgo(30) },
        {
          uscc: GOOD,
          type: 'data_security_record',
          source: 'cac-datasec',
          sourceRecordId: 'DS-1',
          occurredOn: dayAgo(40),
          payload: { finding: 'passed', summary: '数据安全评估通过' },
        },
        {
          uscc: BAD,
          type: 'platform_risk_signal',
          source: 'fair-online',
          sourceRecordId: 'PS-1',
          severity: 'high',
          occurredAt: `${dayAgo(20)}T10:00:00+08:00`,
          payload: { signal: 'forced_exclusivity', evidence: '要求商家二选一' },
        },
        {
          uscc: BAD,
          type: 'platform_risk_signal',
          source: 'fair-online',
          sourceRecordId: 'PS-2',
          severity: 'medium',
          occurredAt: `${dayAgo(1000)}T10:00:00+08:00`,
          payload: { signal: 'price_discrimination', evidence: '三年前的信号: 窗口之外' },
        },
      ],
    });
    expect(records.status).toBe(200);
    expect(records.body.rejected).toEqual([]);
    // BAD's warning handling: one resolved after 40 days (overdue at P30D), one open for 35 days.
    await ds.query(
      `INSERT INTO investment_warnings (uscc, region_code, light, status, opened_at, resolved_at, outcome, rule_set_version)
       VALUES ($1, '330106', 'yellow', 'resolved', $2, $3, 'rectified', '2026.1'),
              ($1, '330106', 'red', 'open', $4, NULL, NULL, '2026.1'),
              ($5, '330106', 'yellow', 'resolved', $6, $7, 'no_violation', '2026.1')`,
      [BAD, ago(100), ago(60), ago(35), GOOD, ago(50), ago(45)],
    );
  });
  afterAll(async () => {
    await stack.stop();
  });

  const get = (uscc: string, token: string) =>
    stack.request<Compliance>('GET', `/api/v1/enterprises/${uscc}/platform-compliance`, { token });

  it('grades a compliant platform good, with the rule-set version and every fact it saw', async () => {
    const r = await get(GOOD, hangzhou);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      uscc: GOOD,
      isPlatform: true,
      grade: 'good',
      grades: ['good', 'fair', 'poor'],
      findings: [],
      ruleSet: { kind: 'platform-compliance', version: '2026.1', effectiveFrom: '2026-01-01T00:00:00+08:00' },
    });
    expect(r.body.facts).toMatchObject({
      algorithm_filing_status: 'filed',
      forced_exclusivity: 0,
      overdue_warnings: 0,
      median_handling_days: 5,
    });
  });

  it('grades 二选一 poor and overdue handling fair, naming the law and the records behind each', async () => {
    const r = await get(BAD, national);
    expect(r.status).toBe(200);
    expect(r.body.grade).toBe('poor');
    expect(r.body.findings.map((f) => [f.rule, f.grade])).toEqual([
      ['forced-exclusivity', 'poor'],
      ['overdue-warning-handling', 'fair'],
      ['slow-warning-handling', 'fair'],
    ]);
    const [exclusivity, overdue, slow] = r.body.findings;
    const signal = await ds.query(`SELECT id::text AS id FROM risk_records WHERE source_record_id = 'PS-1'`);
    expect(exclusivity).toMatchObject({
      code: 'forced_exclusivity',
      value: 1,
      records: [signal[0].id],
      basis: { title: '中华人民共和国反垄断法 (2022年修正)', article: '第二十二条第一款第(四)项' },
    });
    const warnings = await ds.query(
      `SELECT id::text AS id FROM investment_warnings WHERE uscc = $1 ORDER BY id`,
      [BAD],
    );
    expect(overdue).toMatchObject({ value: 2, records: warnings.map((w: { id: string }) => w.id) });
    expect(slow.value).toBe(40);
    // The price-discrimination signal is outside the two-year window.
    expect(r.body.facts.price_discrimination).toBe(0);
  });

  it('reads the latest algorithm filing: a revoked one grades fair', async () => {
    const r = await get(FAIR, hangzhou);
    expect(r.body.grade).toBe('fair');
    expect(r.body.findings).toEqual([
      expect.objectContaining({
        rule: 'algorithm-not-filed',
        value: 'revoked',
        basis: { title: '互联网信息服务算法推荐管理规定', article: '第二十四条' },
      }),
    ]);
    const revoked = await ds.query(
      `SELECT id::text AS id FROM credit_records WHERE source_record_id = 'AF-3b'`,
    );
    expect(r.body.findings[0].records).toEqual([revoked[0].id]);
  });

  it('is region-scoped, lets an enterprise see only itself, and is access-logged', async () => {
    expect((await get(FZ, hangzhou)).status).toBe(404);
    expect((await get(FZ, national)).status).toBe(200);
    const self = stack.token(Role.Enterprise, { uscc: GOOD });
    expect((await get(GOOD, self)).status).toBe(200);
    expect((await get(BAD, self)).status).toBe(404);
    expect((await get(code('330106', 'PLC00009'), national)).status).toBe(404);
    const logged = await ds.query(
      `SELECT count(*)::int AS n FROM access_log WHERE resource = 'platform-compliance' AND uscc = $1`,
      [GOOD],
    );
    // The Hangzhou regulator's read in the first test; the enterprise reading itself is not logged.
    expect(logged[0].n).toBe(1);
  });

  it('refuses bad algorithm-filing and data-security rows by row and field', async () => {
    const r = await stack.request<{ rejected: { row: number; path: string }[] }>('POST', '/api/v1/records', {
      token: ingest,
      body: [
        {
          uscc: GOOD,
          type: 'algorithm_filing',
          source: 'cac-algorithm',
          sourceRecordId: 'AF-X',
          occurredOn: dayAgo(1),
          payload: { filingNo: 'X', status: 'pending' },
        },
        {
          uscc: GOOD,
          type: 'data_security_record',
          source: 'cac-datasec',
          sourceRecordId: 'DS-X',
          occurredOn: dayAgo(1),
          payload: { summary: 'no finding' },
        },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.rejected.map((x) => [x.row, x.path])).toEqual([
      [1, 'payload.status'],
      [2, 'payload.finding'],
    ]);
  });

  it('records an evaluation (audited, re-tier on a change) whose grade the tiering facts read (合规激励)', async () => {
    const deriver = new FactDeriver({
      compliance: { type: 'string', from: 'platform.compliance_grade', default: 'none' },
    });
    const today = shanghaiDateOf(new Date());
    const before = new Date();
    expect((await deriver.derive(ds, [BAD, GOOD], today))[0].facts).toEqual({ compliance: 'none' });
    await ds.query(`DELETE FROM reassessment_marks WHERE uscc = ANY($1::bpchar[])`, [[BAD, GOOD]]);

    const first = await stack.request<
      Compliance & { recorded: { id: string; previousGrade: string | null; changed: boolean } }
    >('POST', `/api/v1/enterprises/${BAD}/platform-compliance`, {
      token: hangzhou,
      body: { note: '年度合规评价' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ grade: 'poor', recorded: { previousGrade: null, changed: true } });
    const again = await stack.request<{ recorded: { previousGrade: string; changed: boolean } }>(
      'POST',
      `/api/v1/enterprises/${BAD}/platform-compliance`,
      { token: national, body: {} },
    );
    expect(again.body.recorded).toMatchObject({ previousGrade: 'poor', changed: false });
    const audit = await ds.query(
      `SELECT actor, data->>'grade' AS grade FROM audit_log WHERE action = 'platform-compliance.recorded' ORDER BY id`,
    );
    expect(audit).toEqual([
      { actor: 'regulator:hz', grade: 'poor' },
      { actor: expect.any(String), grade: 'poor' },
    ]);
    const marks = await ds.query(`SELECT count(*)::int AS n FROM reassessment_marks WHERE uscc = $1`, [BAD]);
    expect(marks[0].n).toBe(1);

    const derived = await deriver.derive(ds, [BAD, GOOD], today);
    expect(Object.fromEntries(derived.map((d) => [d.uscc, d.facts.compliance]))).toEqual({
      [BAD]: 'poor',
      [GOOD]: 'none',
    });
    // What was known before the evaluation was recorded: reproducible.
    expect((await deriver.derive(ds, [BAD], today, before))[0].facts).toEqual({ compliance: 'none' });

    // Only regulators record, only in their regions; bad input names the field.
    const self = stack.token(Role.Enterprise, { uscc: GOOD });
    expect(
      (
        await stack.request('POST', `/api/v1/enterprises/${GOOD}/platform-compliance`, {
          token: self,
          body: {},
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.request('POST', `/api/v1/enterprises/${FZ}/platform-compliance`, {
          token: hangzhou,
          body: {},
        })
      ).status,
    ).toBe(404);
    const bad = await stack.request<{ details: { path: string }[] }>(
      'POST',
      `/api/v1/enterprises/${GOOD}/platform-compliance`,
      { token: national, body: { note: 42 } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['note']);
  });
});
