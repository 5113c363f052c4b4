import { Role } from '@app/auth';
import { shanghaiDateOf } from '@app/domain';
import { shippedRuleSet } from '@app/rulesets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];
const stories = read('stories.json') as { key: string; uscc: string }[];
const uscc = (key: string) => stories.find((s) => s.key === key)!.uscc;

interface Assessment {
  id: string;
  tier: string;
  score: number;
  ruleSetVersion: string;
  inputDigest: string;
  trigger: string;
  fired: { rule: string; reason: string; records: string[] }[];
  overrides: { rule: string; tier: string }[];
}

describe('assessments over HTTP: ingest the demo stories, the worker tiers them, regulators and enterprises read why', () => {
  let stack: Stack;
  let regulator: string;

  beforeAll(async () => {
    stack = await Stack.start({ env: await TestEnv.create({ REASSESS_DEBOUNCE_MS: '200' }) });
    regulator = stack.token(Role.Regulator);
    const ingest = stack.token(Role.Ingest);
    for (const [path, file] of [
      ['/api/v1/enterprises', 'enterprises.json'],
      ['/api/v1/records', 'records.json'],
    ]) {
      const res = await stack.request<{ rejected: unknown[] }>('POST', path, {
        token: ingest,
        body: read(file),
      });
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([]);
    }
    // The change feed re-tiers every story once the input has been quiet for the debounce period.
    await eventually(async () => {
      const s = await stack.request<{ unassessed: number }>('GET', '/api/v1/tiers/summary', {
        token: regulator,
      });
      return s.body.unassessed === 0;
    }, 30_000);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('explains the assessment in force: rule version, digest, fired rules with their records', async () => {
    const key = 'food-penalties';
    const res = await stack.request<Assessment>('GET', `/api/v1/enterprises/${uscc(key)}/assessment`, {
      token: regulator,
    });
    expect(res.status).toBe(200);
    // The shipped tiering version in force today (2026.1 until 2027-01-01, then 2026.2).
    const inForce = shippedRuleSet('tiering', shanghaiDateOf(new Date())).version;
    expect(res.body).toMatchObject({ ruleSetVersion: inForce, trigger: 'record_change' });
    expect(res.body.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    const enterprise = await stack.request<{ currentTier: string }>(
      'GET',
      `/api/v1/enterprises/${uscc(key)}`,
      {
        token: regulator,
      },
    );
    expect(enterprise.body.currentTier).toBe(res.body.tier);
    // Each fired rule carries its reason from the rule set, in the stored row as in the answer.
    const shipped = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'rules', 'tiering', '2026.1.json'), 'utf8'),
    ) as { rules: { name: string; event: { params: { reason: string } } }[] };
    const reasonOf = new Map(shipped.rules.map((r) => [r.name, r.event.params.reason]));
    expect(res.body.fired.map((f) => f.rule)).toContain('general-penalty');
    for (const f of res.body.fired) expect(f.reason).toBe(reasonOf.get(f.rule));
    const ds = await stack.env.dataSource();
    const [stored] = await ds.query<{ fired: { rule: string; reason: string }[] }[]>(
      `SELECT fired FROM assessments WHERE id = $1`,
      [res.body.id],
    );
    expect(stored.fired.map((f) => [f.rule, f.reason])).toEqual(
      res.body.fired.map((f) => [f.rule, f.reason]),
    );
  });

  it('answers as of a date before any assessment with 404, and a malformed date with 400', async () => {
    const before = await stack.request(
      'GET',
      `/api/v1/enterprises/${uscc('model-a')}/assessment?asOf=2020-01-01`,
      {
        token: regulator,
      },
    );
    expect(before.status).toBe(404);
    const bad = await stack.request(
      'GET',
      `/api/v1/enterprises/${uscc('model-a')}/assessment?asOf=yesterday`,
      {
        token: regulator,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ details: [{ path: 'asOf' }] });
  });

  it('lets an enterprise read its own tier and history, and no one else\u2019s', async () => {
    const own = stack.token(Role.Enterprise, { uscc: uscc('model-a') });
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${uscc('model-a')}/assessment`, { token: own }))
        .status,
    ).toBe(200);
    const history = await stack.request<{ items: { tier: string; changed: boolean }[]; total: number }>(
      'GET',
      `/api/v1/enterprises/${uscc('model-a')}/assessments`,
      { token: own },
    );
    expect(history.body.items.length).toBeGreaterThanOrEqual(1);
    expect(history.body.total).toBe(history.body.items.length);
    // Another enterprise's data is answered as if it did not exist.
    expect(
      (await stack.request('GET', `/api/v1/enterprises/${uscc('dishonest')}/assessment`, { token: own }))
        .status,
    ).toBe(404);
    expect((await stack.request('GET', '/api/v1/tiers/summary', { token: own })).status).toBe(403);
  });

  it('summarises tiers for the whole register and for a region prefix', async () => {
    const all = await stack.request<{ tiers: Record<string, number>; total: number; unassessed: number }>(
      'GET',
      '/api/v1/tiers/summary',
      { token: regulator },
    );
    expect(all.body.total).toBe(stories.length);
    expect(Object.values(all.body.tiers).reduce((a, b) => a + b, 0)).toBe(stories.length);
    const zhejiang = await stack.request<{ total: number }>('GET', '/api/v1/tiers/summary?region=33', {
      token: regulator,
    });
    expect(zhejiang.body.total).toBe(stories.filter((s) => s.uscc.slice(2, 4) === '33').length);
    const bad = await stack.request('GET', '/api/v1/tiers/summary?region=zhejiang', { token: regulator });
    expect(bad.status).toBe(400);
  });
});
