import { Role } from '@app/auth';
import { Clock } from '@app/domain';
import { Retier } from '@app/selfservice';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../support/fixtures';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

interface Ref {
  id: string;
  decisionNo: string | null;
}
interface Outlook {
  uscc: string;
  tier: string;
  tierText: string;
  language: string;
  reasons: { rule: string; kind: string; text: string; points?: number; records: Ref[] }[];
  whatCanChangeIt: {
    record: Ref;
    profile: string;
    repairableFrom: string | null;
    stopsCountingOn: string | null;
    neverEarly: boolean;
    text: string;
  }[];
  forecast: {
    until: string;
    steps: { date: string; tier: string; previousTier: string; records: Ref[]; text: string }[];
    text: string;
  };
}

const A = usccOf(9201);
const B = usccOf(9202);
const pen = (uscc: string, id: string, severity: string, occurredOn: string, amount: string) => ({
  uscc,
  type: 'administrative_penalty',
  source: 'samr-penalty',
  sourceRecordId: id,
  severity,
  occurredOn,
  payload: { measure: 'fine', amount, decisionNo: `杭市监罚〔${occurredOn.slice(0, 4)}〕${id}号` },
});

// The hand-computed case of forecast.spec.ts, end to end: as of 2026-12-02 the enterprise (founded
// 2015-06-01) scores 100 − 35 − 20 − 15 + 2 = 32 → D; 2027-04-01 → C; 2027-06-01 → A.
describe('my tier in plain language, what can change it, and the forecast (/me/tier)', () => {
  let stack: Stack;
  let ds: DataSource;
  let tokenA: string;
  let tokenB: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({ REASSESS_DEBOUNCE_MS: '600000' }),
    });
    ds = await stack.env.dataSource();
    const ingest = stack.token(Role.Ingest);
    const enterprises = [
      enterpriseRow(9201, { tags: [], establishedOn: '2015-06-01' }),
      enterpriseRow(9202, { tags: [], establishedOn: '2015-06-01' }),
    ];
    expect(
      (await stack.request('POST', '/api/v1/enterprises', { token: ingest, body: enterprises })).status,
    ).toBe(200);
    const records = [
      pen(A, 'S1', 'serious', '2024-06-01', '200000.00'),
      pen(A, 'G1', 'general', '2026-04-01', '50000.00'),
      pen(A, 'M1', 'minor', '2026-10-01', '500.00'),
      pen(B, 'BG1', 'general', '2026-05-01', '30000.00'),
    ];
    expect((await stack.request('POST', '/api/v1/records', { token: ingest, body: records })).status).toBe(
      200,
    );
    for (const r of await ds.query(`SELECT id::text, source_record_id FROM credit_records`))
      ids[(r as { source_record_id: string }).source_record_id] = (r as { id: string }).id;
    const retier = stack.api.get(Retier);
    jest
      .spyOn(stack.api.get<Retier, { clock: Clock }>(Retier).clock, 'now')
      .mockImplementation(() => new Date('2026-12-02T10:00:00+08:00'));
    await retier.now([A, B]);
    tokenA = stack.token(Role.Enterprise, { uscc: A, subject: 'enterprise:A' });
    tokenB = stack.token(Role.Enterprise, { uscc: B, subject: 'enterprise:B' });
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('tells the tier and the reasons in Chinese by default, weights hidden, records behind each reason', async () => {
    const res = await stack.request<Outlook>('GET', '/api/v1/me/tier', { token: tokenA });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ uscc: A, tier: 'D', tierText: 'D类(信用风险高)', language: 'zh' });
    const serious = res.body.reasons.find((r) => r.rule === 'serious-penalty')!;
    expect(serious.text).toBe('您近3年内受到较重(严重)行政处罚, 这会明显降低您的分类。');
    expect(serious.points).toBeUndefined();
    expect(serious.records.map((r) => r.id)).toEqual([ids.S1]);
    expect(res.body.reasons.map((r) => r.rule).sort()).toEqual(
      [
        'general-penalty',
        'general-penalty-recent',
        'long-established',
        'minor-penalty',
        'serious-penalty',
      ].sort(),
    );
  });

  it('says what can change it: when each record stops counting, from when it may be repaired', async () => {
    const res = await stack.request<Outlook>('GET', '/api/v1/me/tier', { token: tokenA });
    const byId = new Map(res.body.whatCanChangeIt.map((c) => [c.record.id, c]));
    expect(byId.get(ids.S1)).toMatchObject({
      profile: '2021',
      repairableFrom: '2024-12-01',
      stopsCountingOn: '2027-06-01',
    });
    expect(byId.get(ids.S1)!.text).toBe(
      '您于2024年6月1日受到较重(严重)行政处罚(杭市监罚〔2024〕S1号), 该记录将于2027年6月1日起不再计入; 现在即可申请信用修复。',
    );
    expect(byId.get(ids.G1)).toMatchObject({
      profile: '2026-04-01',
      repairableFrom: '2026-07-01',
      stopsCountingOn: '2027-04-01',
    });
    expect(byId.get(ids.M1)).toMatchObject({
      repairableFrom: null,
      stopsCountingOn: '2027-01-01',
      neverEarly: false,
    });
    expect(byId.get(ids.M1)!.text).toContain('无需申请修复');
  });

  it('forecasts the tier as of each date a fact changes: C on 2027-04-01, A on 2027-06-01', async () => {
    const res = await stack.request<Outlook>('GET', '/api/v1/me/tier', { token: tokenA });
    expect(res.body.forecast.until).toBe('2029-12-02');
    expect(
      res.body.forecast.steps.map((s) => [s.date, s.previousTier, s.tier, s.records.map((r) => r.id)]),
    ).toEqual([
      ['2027-04-01', 'D', 'C', [ids.G1, ids.M1]],
      ['2027-06-01', 'C', 'A', [ids.S1]],
    ]);
    expect(res.body.forecast.text).toBe(
      '如无新的记录, 您的分类将于2027年4月1日变为C类(信用风险较高), 届时杭市监罚〔2026〕G1号、杭市监罚〔2026〕M1号不再计入。',
    );
  });

  it('speaks English with Accept-Language: en', async () => {
    const res = await stack.request<Outlook>('GET', '/api/v1/me/tier', {
      token: tokenA,
      headers: { 'accept-language': 'en-US,en;q=0.8,zh;q=0.5' },
    });
    expect(res.body.language).toBe('en');
    expect(res.body.tierText).toBe('D (high credit risk)');
    expect(res.body.reasons.find((r) => r.rule === 'serious-penalty')!.text).toBe(
      'You received a serious administrative penalty in the last 3 years; it lowers your tier markedly.',
    );
    expect(res.body.forecast.steps[1].text).toBe(
      'If nothing new happens, your tier becomes A (low credit risk) on 2027-06-01, when 杭市监罚〔2024〕S1号 stops counting.',
    );
  });

  it('a regulator reads the same forecast with the weights, and the read is in the access log', async () => {
    const regulator = stack.token(Role.Regulator, { regions: ['33'], subject: 'regulator:zj' });
    const res = await stack.request<Outlook>('GET', `/api/v1/enterprises/${A}/tier-outlook`, {
      token: regulator,
    });
    expect(res.status).toBe(200);
    expect(res.body.reasons.find((r) => r.rule === 'serious-penalty')!.points).toBe(-35);
    expect(res.body.forecast.steps.map((s) => [s.date, s.tier])).toEqual([
      ['2027-04-01', 'C'],
      ['2027-06-01', 'A'],
    ]);
    const logged: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM access_log WHERE resource = 'tier-outlook' AND uscc = $1`,
      [A],
    );
    expect(logged[0].n).toBe(1);
    const elsewhere = stack.token(Role.Regulator, { regions: ['44'] });
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${A}/tier-outlook`, { token: elsewhere })).status,
    ).toBe(404);
  });

  it('another enterprise reads only itself: 404 for A, and nothing of A in its own view', async () => {
    const other = await stack.request<Outlook>('GET', `/api/v1/enterprises/${A}/tier-outlook`, {
      token: tokenB,
    });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('S1号');
    const own = await stack.request<Outlook>('GET', '/api/v1/me/tier', { token: tokenB });
    expect(own.status).toBe(200);
    expect(own.body.uscc).toBe(B);
    const text = JSON.stringify(own.body);
    for (const no of ['〕S1号', '〕G1号', '〕M1号']) expect(text).not.toContain(no);
    for (const id of [ids.S1, ids.G1, ids.M1]) expect(text).not.toContain(`"id":"${id}"`);
    expect(own.body.whatCanChangeIt.map((c) => c.record.id)).toEqual([ids.BG1]);
  });

  it('no public route exposes a tier', async () => {
    expect((await stack.request('GET', '/api/v1/me/tier')).status).toBe(401);
    expect((await stack.request('GET', `/api/v1/enterprises/${A}/tier-outlook`)).status).toBe(401);
  });
});
