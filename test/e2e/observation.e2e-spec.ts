import { Role } from '@app/auth';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { shanghaiDateOf } from '@app/domain';
import { eventually } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];

const NBF_STARTUP = '91330106MA2074DC0Q'; // 杭州星河无人配送科技 (new business form, Hangzhou)
const FOOD_HZ = '91330106MA2000DA53'; // 杭州清源食品 (food: a red-line field)
const FUZHOU = '91350102MA2185DF48';

interface PeriodView {
  status: string;
  source: string;
  daysRemaining: number | null;
  startRuleVersion: string | null;
}

describe('observation periods over HTTP: entry through a re-tier run in the worker, reads and override by region', () => {
  let stack: Stack;
  let national: string;
  let hangzhou: string;

  beforeAll(async () => {
    stack = await Stack.start();
    national = stack.token(Role.Regulator);
    hangzhou = stack.token(Role.Regulator, { subject: 'regulator:hz', regions: ['3301'] });
    const ingest = stack.token(Role.Ingest);
    expect(
      (await stack.request('POST', '/api/v1/enterprises', { token: ingest, body: read('enterprises.json') }))
        .status,
    ).toBe(200);
    expect(
      (await stack.request('POST', '/api/v1/records', { token: ingest, body: read('records.json') })).status,
    ).toBe(200);
    const run = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: national,
      body: {},
    });
    await eventually(async () => {
      const r = await stack.request<{ status: string }>('GET', `/api/v1/assessment-runs/${run.body.id}`, {
        token: national,
      });
      return r.body.status === 'completed';
    }, 60_000);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('shows the period the run started for a new business form, to its regulator and to the enterprise itself', async () => {
    const seen = await stack.request<{ current: PeriodView | null; history: PeriodView[] }>(
      'GET',
      `/api/v1/enterprises/${NBF_STARTUP}/observation`,
      { token: hangzhou },
    );
    expect(seen.status).toBe(200);
    expect(seen.body.current).toMatchObject({ status: 'active', source: 'rule', startRuleVersion: '2026.1' });
    expect(seen.body.current!.daysRemaining).toBeGreaterThan(700);
    const own = await stack.request('GET', `/api/v1/enterprises/${NBF_STARTUP}/observation`, {
      token: stack.token(Role.Enterprise, { uscc: NBF_STARTUP }),
    });
    expect(own.status).toBe(200);
    const other = await stack.request('GET', `/api/v1/enterprises/${FOOD_HZ}/observation`, {
      token: stack.token(Role.Enterprise, { uscc: NBF_STARTUP }),
    });
    expect(other.status).toBe(404);
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${FUZHOU}/observation`, { token: hangzhou })).status,
    ).toBe(404);
  });

  it('lists periods within the regulator’s regions and refuses a region outside them', async () => {
    const list = await stack.request<{ items: { uscc: string }[]; total: number }>(
      'GET',
      '/api/v1/observation-periods?status=active',
      { token: hangzhou },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((p) => p.uscc)).toContain(NBF_STARTUP);
    const outside = await stack.request('GET', '/api/v1/observation-periods?region=35', { token: hangzhou });
    expect(outside.status).toBe(403);
  });

  it('lets a regulator start a period with a reason (a warning where the rules would not) and names a missing field', async () => {
    const bad = await stack.request<{ details: { path: string }[] }>(
      'POST',
      `/api/v1/enterprises/${FOOD_HZ}/observation`,
      { token: hangzhou, body: { action: 'start' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toContain('reason');
    const started = await stack.request<{ period: PeriodView; warnings: string[] }>(
      'POST',
      `/api/v1/enterprises/${FOOD_HZ}/observation`,
      { token: hangzhou, body: { action: 'start', reason: '试点', until: '2027-12-31' } },
    );
    expect(started.status).toBe(200);
    expect(started.body.period).toMatchObject({ status: 'active', source: 'regulator' });
    expect(started.body.warnings[0]).toMatch(/would not have chosen this enterprise/);
    const outside = await stack.request('POST', `/api/v1/enterprises/${FUZHOU}/observation`, {
      token: hangzhou,
      body: { action: 'start', reason: '试点' },
    });
    expect(outside.status).toBe(404);
    const ended = await stack.request<{ period: PeriodView }>(
      'POST',
      `/api/v1/enterprises/${FOOD_HZ}/observation`,
      {
        token: hangzhou,
        body: { action: 'end', reason: '结束试点' },
      },
    );
    expect(ended.body.period).toMatchObject({ status: 'ended' });
  });

  it('enrols a sandbox within the regulator’s regions, lists it as active and exits it early', async () => {
    const body = {
      uscc: '91330108MA2407DD2N',
      scope: '医疗健康数据脱敏共享',
      licenceRef: '杭市监沙盒〔2026〕3号',
      start: '2026-12-01',
      end: '2027-11-30',
      conditions: ['每季度报送运行报告'],
    };
    const outside = await stack.request('POST', '/api/v1/sandbox-enrolments', {
      token: hangzhou,
      body: { ...body, uscc: FUZHOU },
    });
    expect(outside.status).toBe(404);
    const bad = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/sandbox-enrolments', {
      token: hangzhou,
      body: { ...body, conditions: [''] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['conditions[0]']);
    const created = await stack.request<{ id: string; status: string }>(
      'POST',
      '/api/v1/sandbox-enrolments',
      {
        token: hangzhou,
        body,
      },
    );
    expect(created.status).toBe(201);
    const list = await stack.request<{ items: { id: string }[] }>(
      'GET',
      '/api/v1/sandbox-enrolments?active=true',
      {
        token: hangzhou,
      },
    );
    expect(list.body.items.map((e) => e.id)).toContain(created.body.id);
    const fuzhou = stack.token(Role.Regulator, { subject: 'regulator:fz', regions: ['35'] });
    expect(
      (
        await stack.request('POST', `/api/v1/sandbox-enrolments/${created.body.id}/exit`, {
          token: fuzhou,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    const exited = await stack.request<{ status: string; exitSource: string }>(
      'POST',
      `/api/v1/sandbox-enrolments/${created.body.id}/exit`,
      { token: hangzhou, body: { reason: '条件未满足' } },
    );
    expect(exited.body).toMatchObject({ status: 'exited', exitSource: 'regulator' });
  });

  it('recommends a measure for a violation within the regulator’s regions and records the one taken', async () => {
    const violation = {
      item: 'price-tag-missing',
      severity: 'minor',
      harm: 'minor',
      correctedInTime: true,
      occurredOn: '2026-11-20',
    };
    const r = await stack.request<{ measure: string; ruleSet: { version: string } }>(
      'POST',
      '/api/v1/enforcement/recommendations',
      { token: hangzhou, body: { uscc: NBF_STARTUP, violation } },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ measure: 'no_penalty', ruleSet: { version: '2026.1' } });
    const outside = await stack.request('POST', '/api/v1/enforcement/recommendations', {
      token: hangzhou,
      body: { uscc: FUZHOU, violation },
    });
    expect(outside.status).toBe(404);
    const bad = await stack.request<{ details: { path: string }[] }>(
      'POST',
      '/api/v1/enforcement/recommendations',
      {
        token: hangzhou,
        body: { uscc: NBF_STARTUP, violation: { ...violation, harm: 'huge' } },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['violation.harm']);
    const recorded = await stack.request('POST', '/api/v1/enforcement/measures', {
      token: hangzhou,
      body: {
        uscc: NBF_STARTUP,
        item: 'price-tag-missing',
        measure: 'no_penalty',
        decidedOn: '2026-11-21',
        reason: '首违不罚',
      },
    });
    expect(recorded.status).toBe(201);
  });
  it('shows an enterprise its own observation periods and sandbox enrolments at /me/observation, never another’s', async () => {
    const today = shanghaiDateOf(new Date());
    const end = shanghaiDateOf(new Date(Date.now() + 364 * 86_400_000));
    const enrolled = await stack.request<{ id: string }>('POST', '/api/v1/sandbox-enrolments', {
      token: hangzhou,
      body: {
        uscc: NBF_STARTUP,
        scope: '无人配送车城市道路测试',
        licenceRef: '杭市监沙盒〔2026〕9号',
        start: today,
        end,
        conditions: ['每月报送运行数据'],
      },
    });
    expect(enrolled.status).toBe(201);
    interface Mine {
      uscc: string;
      current: PeriodView | null;
      history: PeriodView[];
      sandbox: {
        current: { id: string; status: string; daysRemaining: number | null; end: string } | null;
        history: { id: string }[];
      };
    }
    const own = await stack.request<Mine>('GET', '/api/v1/me/observation', {
      token: stack.token(Role.Enterprise, { uscc: NBF_STARTUP }),
    });
    expect(own.status).toBe(200);
    expect(own.body.uscc).toBe(NBF_STARTUP);
    expect(own.body.current).toMatchObject({ status: 'active', source: 'rule', startRuleVersion: '2026.1' });
    expect(own.body.current!.daysRemaining).toBeGreaterThan(700);
    expect(own.body.sandbox.current).toMatchObject({
      id: enrolled.body.id,
      status: 'active',
      end,
      daysRemaining: 365,
    });
    // Another enterprise reads only its own: the period a regulator started and ended, no sandbox,
    // and nothing of the first one — also when it names it in the query.
    for (const path of ['/api/v1/me/observation', `/api/v1/me/observation?uscc=${NBF_STARTUP}`]) {
      const other = await stack.request<Mine>('GET', path, {
        token: stack.token(Role.Enterprise, { uscc: FOOD_HZ }),
      });
      if (other.status !== 200) {
        expect(other.status).toBe(400);
        continue;
      }
      expect(other.body).toMatchObject({
        uscc: FOOD_HZ,
        current: null,
        sandbox: { current: null, history: [] },
      });
      expect(other.body.history.map((p) => p.status)).toEqual(['ended']);
      const text = JSON.stringify(other.body);
      expect(text).not.toContain(NBF_STARTUP);
      expect(text).not.toContain(enrolled.body.id);
    }
    expect((await stack.request('GET', '/api/v1/me/observation', { token: hangzhou })).status).toBe(403);
    expect(
      (
        await stack.request('GET', '/api/v1/me/observation', {
          token: stack.token(Role.Enterprise, { uscc: '91330106MA20XXXX0Q' }),
        })
      ).status,
    ).toBe(404);
    expect((await stack.request('GET', '/api/v1/me/observation')).status).toBe(401);
  });
});
