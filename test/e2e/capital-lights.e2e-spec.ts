import { FactDeriver } from '@app/assessment';
import { Role } from '@app/auth';
import { makeUscc, shanghaiDateOf } from '@app/domain';
import { DataSource } from 'typeorm';
import { Stack } from '../support/stack';

interface Page<T> {
  items: T[];
  total: number;
}
interface Warning {
  id: string;
  uscc: string;
  light: string;
  status: string;
  events: number;
  regionCode: string;
  history: { step: string; actor: string }[];
  lights: {
    light: string;
    evidence: {
      fired: { rule: string; basis?: unknown }[];
      group: { members: string[]; acquisitionsInWindow: number };
      facts: Record<string, unknown>;
    };
  }[];
}
interface Ingested {
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; path: string; message: string }[];
  lights: { eventId: string; uscc: string; light: string; warningId: string | null; opened: boolean }[];
}

const code = (region: string, body: string) => makeUscc({ region, orgBody: body });
// A three-level control chain in Hangzhou: P → B → C → D (each > 50 %), an internet platform group.
const P = code('330106', 'CAP00001');
const B = code('330106', 'CAP00002');
const C = code('330106', 'CAP00003');
const D = code('330106', 'CAP00004');
// An unrelated enterprise in Fuzhou, and a licensed payment company.
const F = code('350102', 'CAP00005');
const PAY = code('330106', 'CAP00006');

describe('capital lights (资本红绿灯): events, groups, warnings, merger checks', () => {
  let stack: Stack;
  let ds: DataSource;
  let ingest: string;
  let national: string;
  let hangzhou: string;
  const today = shanghaiDateOf(new Date());
  const daysAgo = (n: number) => shanghaiDateOf(new Date(Date.now() - n * 86_400_000));

  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
    ds = await stack.env.dataSource();
    ingest = stack.token(Role.Ingest);
    national = stack.token(Role.Regulator);
    hangzhou = stack.token(Role.Regulator, { subject: 'regulator:hz', regions: ['3301'] });
    const ent = (
      uscc: string,
      name: string,
      regionCode: string,
      industryCode: string,
      tags: string[] = [],
    ) => ({
      uscc,
      name,
      regionCode,
      industryCode,
      establishedOn: '2015-01-01',
      tags,
    });
    const posted = await stack.request('POST', '/api/v1/enterprises', {
      token: ingest,
      body: [
        ent(P, '某网络平台控股公司', '330106', 'I6432'),
        ent(B, '某网络科技公司', '330106', 'I6432'),
        ent(C, '某信息技术公司', '330106', 'I6510'),
        ent(D, '某数据服务公司', '330106', 'I6450'),
        ent(F, '某制造集团公司', '350102', 'C3511'),
        ent(PAY, '某支付有限公司', '330106', 'J6930', ['financial_licence']),
      ],
    });
    expect(posted.status).toBe(200);
  });
  afterAll(async () => {
    await stack.stop();
  });

  const events = (body: unknown, headers?: Record<string, string>, query = '') =>
    stack.request<Ingested>('POST', `/api/v1/investment-events${query}`, {
      token: ingest,
      ...(typeof body === 'string' ? { raw: body, headers } : { body }),
    });
  const auditCount = async (action: string) =>
    Number((await ds.query(`SELECT count(*) AS n FROM audit_log WHERE action = $1`, [action]))[0].n);

  it('takes the ownership graph in CSV, idempotently, and refuses a self-link by row', async () => {
    const csv = [
      'parentUscc,childUscc,stakePercent,from,source,sourceRecordId',
      `${P},${B},80,2020-01-01,gsxt,L1`,
      `${B},${C},60.5,2020-01-01,gsxt,L2`,
      `${C},${D},51,2020-01-01,gsxt,L3`,
      `${P},${P},10,2020-01-01,gsxt,L4`,
    ].join('\n');
    const first = await stack.request<Ingested>('POST', '/api/v1/ownership-links', {
      token: ingest,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, unchanged: 0 });
    expect(first.body.rejected).toEqual([
      { row: 4, path: 'childUscc', message: 'an enterprise cannot own itself' },
    ]);
    const again = await stack.request<Ingested>('POST', '/api/v1/ownership-links', {
      token: ingest,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(again.body).toMatchObject({ accepted: 0, updated: 0, unchanged: 3 });
  });

  it('rejects bad rows by row and field and keeps money exact', async () => {
    const r = await events([
      {
        uscc: D,
        kind: 'acquisition',
        targetName: '某小程序开发公司',
        targetIndustryCode: 'I6513',
        amount: '12000000000.01',
        occurredOn: daysAgo(60),
        source: 'gsxt',
        sourceRecordId: 'E1',
      },
      {
        uscc: D,
        kind: 'takeover',
        targetName: 'x',
        occurredOn: daysAgo(1),
        source: 'gsxt',
        sourceRecordId: 'BAD1',
      },
      {
        uscc: D,
        kind: 'acquisition',
        targetName: 'x',
        amount: '-5',
        occurredOn: daysAgo(1),
        source: 'gsxt',
        sourceRecordId: 'BAD2',
      },
      {
        uscc: D,
        kind: 'acquisition',
        targetName: 'x',
        occurredOn: '2999-01-01',
        source: 'gsxt',
        sourceRecordId: 'BAD3',
      },
      { uscc: D, kind: 'acquisition', occurredOn: daysAgo(1), source: 'gsxt', sourceRecordId: 'BAD4' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected.map((p) => `${p.row}:${p.path}`)).toEqual([
      '2:kind',
      '3:amount',
      '4:occurredOn',
      '5:targetUscc',
    ]);
    expect(r.body.lights).toEqual([expect.objectContaining({ light: 'green', warningId: null })]);
    const [stored] = await ds.query(
      `SELECT amount::text AS amount FROM investment_events WHERE source_record_id = 'E1'`,
    );
    expect(stored.amount).toBe('12000000000.01');
  });

  it('stores nothing of an atomic post with a bad row', async () => {
    const r = await events(
      [
        {
          uscc: B,
          kind: 'acquisition',
          targetName: 'ok',
          occurredOn: daysAgo(1),
          source: 'gsxt',
          sourceRecordId: 'AT1',
        },
        {
          uscc: B,
          kind: 'acquisition',
          targetName: 'bad',
          occurredOn: 'yesterday',
          source: 'gsxt',
          sourceRecordId: 'AT2',
        },
      ],
      undefined,
      '?atomic=true',
    );
    expect(r.status).toBe(400);
    expect(
      (
        await ds.query(`SELECT count(*)::int AS n FROM investment_events WHERE source_record_id LIKE 'AT%'`)
      )[0].n,
    ).toBe(0);
  });

  let yellowWarning: string;
  it('counts serial acquisitions over the whole three-level group and lights a cross-industry one yellow (CSV, dotted columns)', async () => {
    expect(
      (
        await events([
          {
            uscc: B,
            kind: 'equity_stake',
            targetName: '某云计算公司',
            targetIndustryCode: 'I6540',
            stakePercent: '30',
            occurredOn: daysAgo(40),
            source: 'gsxt',
            sourceRecordId: 'E2',
          },
        ])
      ).body.lights[0].light,
    ).toBe('green');
    const csv = [
      'uscc,kind,targetName,targetIndustryCode,amount,investorTurnover.global,investorTurnover.china,targetTurnover.global,targetTurnover.china,occurredOn,notified,source,sourceRecordId',
      `${C},acquisition,某食品加工公司,C1431,350000000.00,1000000000.00,900000000.00,200000000.00,200000000.00,${daysAgo(10)},false,gsxt,E3`,
    ].join('\n');
    const r = await events(csv, { 'content-type': 'text/csv' });
    expect(r.status).toBe(200);
    expect(r.body.lights).toEqual([expect.objectContaining({ uscc: C, light: 'yellow', opened: true })]);
    yellowWarning = r.body.lights[0].warningId!;
    const w = await stack.request<Warning>('GET', `/api/v1/investment-warnings/${yellowWarning}`, {
      token: national,
    });
    expect(w.status).toBe(200);
    const evidence = w.body.lights[0].evidence;
    expect(evidence.fired.map((f) => f.rule).sort()).toEqual([
      'cross-industry-expansion',
      'serial-acquisitions',
    ]);
    // D (bottom) and B (middle) acquired before: three in the window for C's group P-B-C-D.
    expect(evidence.group.members.sort()).toEqual([P, B, C, D].sort());
    expect(evidence.group.acquisitionsInWindow).toBe(3);
    expect(evidence.facts).toMatchObject({ cross_industry: true, group_acquisitions: 3 });
    expect(w.body.history[0]).toMatchObject({ step: 'opened' });
  });

  it('changes nothing when the same event is re-sent, and joins a noisy new yellow event to the open warning', async () => {
    const before = await auditCount('investment-light.decided');
    const resend = await events(
      [
        'uscc,kind,targetName,targetIndustryCode,amount,investorTurnover.global,investorTurnover.china,targetTurnover.global,targetTurnover.china,occurredOn,notified,source,sourceRecordId',
        `${C},acquisition,某食品加工公司,C1431,350000000.00,1000000000.00,900000000.00,200000000.00,200000000.00,${daysAgo(10)},false,gsxt,E3`,
      ].join('\n'),
      { 'content-type': 'text/csv' },
    );
    expect(resend.body).toMatchObject({ accepted: 0, updated: 0, unchanged: 1, lights: [] });
    expect(await auditCount('investment-light.decided')).toBe(before);
    // Warnings are the investor's own (region, tier): another yellow event of C joins C's warning.
    const noisy = await events([
      {
        uscc: C,
        kind: 'acquisition',
        targetName: '某饮料公司',
        targetIndustryCode: 'C1521',
        occurredOn: daysAgo(5),
        source: 'other-feed',
        sourceRecordId: 'N1',
      },
    ]);
    expect(noisy.body.lights).toEqual([
      expect.objectContaining({ light: 'yellow', warningId: yellowWarning, opened: false }),
    ]);
    const open = await ds.query(
      `SELECT count(*)::int AS n FROM investment_warnings WHERE light = 'yellow' AND status <> 'resolved'`,
    );
    expect(open[0].n).toBe(1);
    const w = await stack.request<Warning>('GET', `/api/v1/investment-warnings/${yellowWarning}`, {
      token: national,
    });
    expect(w.body.events).toBe(2);
  });

  let redWarning: string;
  it('lights an unnotified concentration above the thresholds red (NDJSON), in its own region', async () => {
    const line = {
      uscc: F,
      kind: 'merger',
      targetName: '某机械公司',
      targetIndustryCode: 'C3512',
      investorTurnover: { global: '9000000000.00', china: '3000000000.00' },
      targetTurnover: { global: '3000000000.00', china: '1500000000.00' },
      occurredOn: daysAgo(20),
      notified: false,
      source: 'gsxt',
      sourceRecordId: 'E4',
    };
    const r = await events(JSON.stringify(line) + '\n', { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(200);
    expect(r.body.lights).toEqual([expect.objectContaining({ uscc: F, light: 'red', opened: true })]);
    redWarning = r.body.lights[0].warningId!;
    const w = await stack.request<Warning>('GET', `/api/v1/investment-warnings/${redWarning}`, {
      token: national,
    });
    expect(w.body.lights[0].evidence.fired[0]).toMatchObject({
      rule: 'unnotified-concentration',
      basis: { title: expect.stringContaining('第773号') },
    });
  });

  it('scopes warnings to the regulator regions (404 for another region, 403 for a region outside)', async () => {
    const list = await stack.request<Page<Warning>>('GET', '/api/v1/investment-warnings?status=open', {
      token: hangzhou,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((w) => w.id)).toEqual([yellowWarning]);
    expect(
      (await stack.request('GET', `/api/v1/investment-warnings/${redWarning}`, { token: hangzhou })).status,
    ).toBe(404);
    expect(
      (
        await stack.request('POST', `/api/v1/investment-warnings/${redWarning}/acknowledge`, {
          token: hangzhou,
        })
      ).status,
    ).toBe(404);
    expect(
      (await stack.request('GET', '/api/v1/investment-warnings?region=35', { token: hangzhou })).status,
    ).toBe(403);
    const all = await stack.request<Page<Warning>>('GET', '/api/v1/investment-warnings?light=red', {
      token: national,
    });
    expect(all.body.items.map((w) => w.id)).toEqual([redWarning]);
  });

  it('runs the closed loop open → acknowledged → assigned → resolved, audited, and re-tiers', async () => {
    const facts = new FactDeriver({
      open_yellow_warnings: { type: 'number', from: 'investment.open_yellow_warnings' },
      open_red_warnings: { type: 'number', from: 'investment.open_red_warnings' },
    });
    const [before] = await facts.derive(ds, [C], today);
    expect(before.facts).toEqual({ open_yellow_warnings: 1, open_red_warnings: 0 });

    const early = await stack.request('POST', `/api/v1/investment-warnings/${yellowWarning}/resolve`, {
      token: hangzhou,
      body: { outcome: 'rectified', note: 'x' },
    });
    expect(early.status).toBe(409);
    expect(
      (
        await stack.request('POST', `/api/v1/investment-warnings/${yellowWarning}/acknowledge`, {
          token: hangzhou,
        })
      ).status,
    ).toBe(200);
    const assigned = await stack.request<Warning>(
      'POST',
      `/api/v1/investment-warnings/${yellowWarning}/assign`,
      {
        token: hangzhou,
        body: { assignee: 'inspector-042' },
      },
    );
    expect(assigned.body).toMatchObject({ status: 'assigned', assignee: 'inspector-042' });
    const bad = await stack.request<{ details: { path: string }[] }>(
      'POST',
      `/api/v1/investment-warnings/${yellowWarning}/resolve`,
      {
        token: hangzhou,
        body: { outcome: 'forgiven', note: 'x' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('outcome');
    await ds.query(`DELETE FROM reassessment_marks WHERE uscc = $1`, [C]);
    const resolved = await stack.request<Warning>(
      'POST',
      `/api/v1/investment-warnings/${yellowWarning}/resolve`,
      {
        token: hangzhou,
        body: { outcome: 'rectified', note: '已约谈, 剥离非主业资产' },
      },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'rectified' });
    expect(resolved.body.history.map((h) => h.step)).toEqual([
      'opened',
      'event-joined',
      'acknowledge',
      'assign',
      'resolve',
    ]);
    const audited = await ds.query(
      `SELECT action, actor FROM audit_log WHERE entity_type = 'investment_warning' AND entity_id = $1 ORDER BY id`,
      [yellowWarning],
    );
    expect(audited.map((a: { action: string }) => a.action)).toEqual([
      'investment-warning.opened',
      'investment-warning.event-joined',
      'investment-warning.acknowledged',
      'investment-warning.assigned',
      'investment-warning.resolved',
    ]);
    expect(audited[4].actor).toBe('regulator:hz');
    // Re-tier: the enterprise is marked for the one re-assessment path, and its fact went down.
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM reassessment_marks WHERE uscc = $1`, [C]))[0].n,
    ).toBe(1);
    const [after] = await facts.derive(ds, [C], today);
    expect(after.facts).toEqual({ open_yellow_warnings: 0, open_red_warnings: 0 });

    const lights = await stack.request<Page<{ light: string }> & { current: string }>(
      'GET',
      `/api/v1/enterprises/${C}/investment-lights`,
      { token: hangzhou },
    );
    expect(lights.status).toBe(200);
    expect(lights.body).toMatchObject({
      current: 'green',
      total: 2,
      items: [{ light: 'yellow' }, { light: 'yellow' }],
    });
    const fujian = await stack.request('GET', `/api/v1/enterprises/${F}/investment-lights`, {
      token: hangzhou,
    });
    expect(fujian.status).toBe(404);
  });

  it('does not flap: a re-sent event after resolution opens nothing; the summary gives exact medians', async () => {
    const r = await events([
      {
        uscc: C,
        kind: 'acquisition',
        targetName: '某饮料公司',
        targetIndustryCode: 'C1521',
        occurredOn: daysAgo(5),
        source: 'other-feed',
        sourceRecordId: 'N1',
      },
    ]);
    expect(r.body).toMatchObject({ unchanged: 1, lights: [] });
    expect(
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM investment_warnings WHERE status <> 'resolved' AND light = 'yellow'`,
        )
      )[0].n,
    ).toBe(0);
    const summary = await stack.request<
      { light: string; regionCode: string; resolved: number; open: number; medianHandlingMs: string | null }[]
    >('GET', '/api/v1/investment-warnings/summary', { token: national });
    expect(summary.status).toBe(200);
    const [handled] = await ds.query(
      `SELECT floor(extract(epoch FROM (resolved_at - opened_at)) * 1000)::bigint::text AS ms FROM investment_warnings WHERE id = $1`,
      [yellowWarning],
    );
    expect(summary.body).toEqual([
      {
        light: 'red',
        regionCode: '350102',
        open: 1,
        acknowledged: 0,
        assigned: 0,
        resolved: 0,
        medianHandlingMs: null,
      },
      {
        light: 'yellow',
        regionCode: '330106',
        open: 0,
        acknowledged: 0,
        assigned: 0,
        resolved: 1,
        medianHandlingMs: handled.ms,
      },
    ]);
    const scoped = await stack.request<unknown[]>('GET', '/api/v1/investment-warnings/summary', {
      token: hangzhou,
    });
    expect(scoped.body).toHaveLength(1);
  });

  it('lowers a yellow light after the quiet period without a new yellow event, and a new one restores it', async () => {
    const first = await events([
      {
        uscc: D,
        kind: 'acquisition',
        targetName: '某服装公司',
        targetIndustryCode: 'C1810',
        occurredOn: daysAgo(4),
        source: 'gsxt',
        sourceRecordId: 'Q1',
      },
    ]);
    expect(first.body.lights).toEqual([expect.objectContaining({ uscc: D, light: 'yellow', opened: true })]);
    const current = async () =>
      (
        await stack.request<{ current: string }>('GET', `/api/v1/enterprises/${D}/investment-lights`, {
          token: national,
        })
      ).body.current;
    expect(await current()).toBe('yellow');
    const [w] = await ds.query(`SELECT quiet_until, opened_at FROM investment_warnings WHERE uscc = $1`, [D]);
    // The rule set's quiet period (P90D), as stored with the warning.
    expect(Math.round((w.quiet_until.getTime() - w.opened_at.getTime()) / 86_400_000)).toBe(90);
    // The quiet period passes (the clock cannot be moved in-process: its end is moved instead).
    await ds.query(
      `UPDATE investment_warnings SET quiet_until = now() - interval '1 second' WHERE uscc = $1`,
      [D],
    );
    expect(await current()).toBe('green');
    const facts = new FactDeriver({
      open_yellow_warnings: { type: 'number', from: 'investment.open_yellow_warnings' },
    });
    expect((await facts.derive(ds, [D], today))[0].facts).toEqual({ open_yellow_warnings: 0 });
    const again = await events([
      {
        uscc: D,
        kind: 'acquisition',
        targetName: '某鞋业公司',
        targetIndustryCode: 'C1951',
        occurredOn: daysAgo(1),
        source: 'gsxt',
        sourceRecordId: 'Q2',
      },
    ]);
    expect(again.body.lights).toEqual([expect.objectContaining({ light: 'yellow', opened: false })]);
    expect(await current()).toBe('yellow');
  });

  it('no finance light for a licensed target; red for an unlicensed one (negative list 100004)', async () => {
    const r = await events([
      {
        uscc: P,
        kind: 'equity_stake',
        targetUscc: PAY,
        targetIndustryCode: 'J6930',
        stakePercent: '20',
        occurredOn: daysAgo(3),
        source: 'gsxt',
        sourceRecordId: 'E5',
      },
      {
        uscc: P,
        kind: 'new_entity',
        targetName: '杭州某某网络小额贷款有限公司',
        targetIndustryCode: 'I6432',
        occurredOn: daysAgo(2),
        source: 'gsxt',
        sourceRecordId: 'E6',
      },
    ]);
    const byKey = Object.fromEntries(r.body.lights.map((l) => [l.eventId, l.light]));
    expect(Object.values(byKey).sort()).toEqual(['red', 'yellow']);
  });

  it('grades platforms from the latest event metrics (super, with its yearly risk assessment) and the register', async () => {
    const r = await events([
      {
        uscc: P,
        kind: 'new_entity',
        targetName: '某平台新设子公司',
        targetIndustryCode: 'I6432',
        occurredOn: daysAgo(1),
        platformMetrics: {
          monthlyActiveUsers: '600000000',
          coreBusinesses: '3',
          marketValue: '1200000000000.00',
        },
        source: 'gsxt',
        sourceRecordId: 'PM1',
      },
    ]);
    expect(r.body.accepted).toBe(1);
    const grade = await stack.request<{
      grade: string;
      reasons: string[];
      riskAssessment: unknown;
      metrics: { from: { event: string } };
    }>('GET', `/api/v1/enterprises/${P}/platform-grade`, { token: hangzhou });
    expect(grade.status).toBe(200);
    expect(grade.body).toMatchObject({ grade: 'super', riskAssessment: { required: true, every: 'P1Y' } });
    expect(grade.body.reasons[0]).toBe('active users 600000000 meets ≥ 500000000');
    expect(grade.body.metrics.from.event).toBe(r.body.lights[0].eventId);
    const small = await stack.request<{ grade: string; reasons: string[] }>(
      'GET',
      `/api/v1/enterprises/${B}/platform-grade`,
      {
        token: national,
      },
    );
    expect(small.body.grade).toBe('small_medium');
    expect(small.body.reasons[0]).toContain('not registered as a platform');
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${F}/platform-grade`, { token: hangzhou })).status,
    ).toBe(404);
    const self = stack.token(Role.Enterprise, { uscc: P });
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${P}/platform-grade`, { token: self })).status,
    ).toBe(200);
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${B}/platform-grade`, { token: self })).status,
    ).toBe(404);
  });

  it('answers merger checks on both sides of 2024-01-22', async () => {
    const parties = [
      { name: '甲', globalTurnover: '1500000000.00', chinaTurnover: '1500000000.00' },
      { name: '乙', globalTurnover: '1500000000.00', chinaTurnover: '1500000000.00' },
    ];
    const before = await stack.request<{ mustNotify: boolean; thresholds: { version: string } }>(
      'POST',
      '/api/v1/merger-checks',
      {
        token: national,
        body: { parties, date: '2024-01-21' },
      },
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      mustNotify: true,
      thresholds: { version: '2008', effectiveFrom: '2008-08-03' },
    });
    const after = await stack.request<{ mustNotify: boolean; reasons: string[] }>(
      'POST',
      '/api/v1/merger-checks',
      {
        token: national,
        body: { parties, date: '2024-01-22' },
      },
    );
    expect(after.body).toMatchObject({ mustNotify: false, thresholds: { version: '2024' } });
    const bad = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/merger-checks', {
      token: national,
      body: { parties: [{ ...parties[0], chinaTurnover: 1.5e9 }, parties[1]], date: '2024-02-30' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path).sort()).toEqual(['date', 'parties[0].chinaTurnover']);
    expect(
      (await stack.request('POST', '/api/v1/merger-checks', { body: { parties, date: '2024-01-22' } }))
        .status,
    ).toBe(401);
    void today;
  });
  it('shows an enterprise its own investment events and lights at /me/lights, never another’s', async () => {
    type Lights = Page<{ eventId: string; light: string }> & { current: string };
    const asRegulator = await stack.request<Lights>('GET', `/api/v1/enterprises/${C}/investment-lights`, {
      token: hangzhou,
    });
    const own = await stack.request<Lights>('GET', '/api/v1/me/lights', {
      token: stack.token(Role.Enterprise, { uscc: C }),
    });
    expect(own.status).toBe(200);
    expect(own.body.total).toBeGreaterThanOrEqual(2);
    expect(own.body).toEqual(asRegulator.body);
    const mine = new Set(own.body.items.map((i) => i.eventId));
    const paged = await stack.request<Lights>('GET', '/api/v1/me/lights?limit=1&offset=1', {
      token: stack.token(Role.Enterprise, { uscc: C }),
    });
    expect(paged.body).toMatchObject({ limit: 1, offset: 1, total: own.body.total });
    expect(paged.body.items.map((i) => i.eventId)).toEqual([own.body.items[1].eventId]);
    // The Fuzhou enterprise sees its one red event and nothing of C's — also when it names C.
    for (const path of ['/api/v1/me/lights', `/api/v1/me/lights?uscc=${C}`]) {
      const other = await stack.request<Lights>('GET', path, {
        token: stack.token(Role.Enterprise, { uscc: F }),
      });
      if (other.status !== 200) {
        expect(other.status).toBe(400);
        continue;
      }
      expect(other.body).toMatchObject({ current: 'red', total: 1, items: [{ light: 'red' }] });
      expect(other.body.items.filter((i) => mine.has(i.eventId))).toEqual([]);
      expect(JSON.stringify(other.body)).not.toContain(C);
    }
    expect((await stack.request('GET', '/api/v1/me/lights', { token: hangzhou })).status).toBe(403);
    expect((await stack.request('GET', '/api/v1/me/lights')).status).toBe(401);
  });
});
