import { Role } from '@app/auth';
import { shanghaiDateOf } from '@app/domain';
import { shippedRuleSet } from '@app/rulesets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

const ROOT = join(__dirname, '..', '..');
const SEEDS = join(ROOT, 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];
const stories = read('stories.json') as { key: string; uscc: string }[];
const uscc = (key: string) => stories.find((s) => s.key === key)!.uscc;
// The shipped tiering version in force today (2026.1 until 2027-01-01, then 2026.2): what the worker assesses with.
const shipped = shippedRuleSet('tiering', shanghaiDateOf(new Date())) as {
  version: string;
  rules: { name: string }[];
  outcome: { tiers: { tier: string; min: number | null }[] };
};

interface WhyNot {
  ruleSetKind: string;
  ruleSetVersion: string;
  fired: { rule: string }[];
  notFired: {
    rule: string;
    text: string;
    failed: {
      path: string;
      fact?: string;
      operator?: string;
      value?: unknown;
      threshold?: unknown;
      text: string;
    } | null;
  }[];
  score: number;
  tier: string;
  tiers: { tier: string; min: number | null; max: number | null; pointsNeeded: number; text: string }[];
}

interface Assessment {
  tier: string;
  score: number;
  facts: Record<string, unknown>;
  fired: { rule: string }[];
  overrides: { rule: string }[];
  whyNot?: WhyNot;
}

describe('GET /enterprises/:uscc/assessment?explain=full: why the other rules did not fire, and how far each tier is', () => {
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
    }
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

  const get = (key: string, query: string, token = regulator) =>
    stack.request<Assessment>('GET', `/api/v1/enterprises/${uscc(key)}/assessment${query}`, { token });

  it('explains every rule of the version: the fired ones, and for the others the first failing condition', async () => {
    const plain = await get('court', '');
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('whyNot');

    const res = await get('court', '?explain=full');
    expect(res.status).toBe(200);
    const { whyNot, ...rest } = res.body;
    expect(rest).toEqual(plain.body); // the assessment itself is unchanged
    expect(whyNot).toMatchObject({
      ruleSetKind: 'tiering',
      ruleSetVersion: shipped.version,
      tier: plain.body.tier,
      score: plain.body.score,
    });
    const w = whyNot!;
    const firedNames = [...plain.body.fired, ...plain.body.overrides].map((f) => f.rule);
    expect(w.fired.map((f) => f.rule).sort()).toEqual([...firedNames].sort());
    // Every rule of the version is either fired or explained, once.
    expect([...w.fired.map((f) => f.rule), ...w.notFired.map((n) => n.rule)].sort()).toEqual(
      shipped.rules.map((r) => r.name).sort(),
    );
    // A rule that did not fire names the fact, its value as the rules saw it, and the threshold.
    const general = w.notFired.find((n) => n.rule === 'general-penalty')!;
    expect(general.failed).toMatchObject({
      fact: 'general_penalties_3y',
      value: plain.body.facts.general_penalties_3y,
    });
    expect(general.failed!.threshold).toBeDefined();
    expect(general.text).toMatch(/^general-penalty: general_penalties_3y = 0, needs /);
    for (const n of w.notFired) {
      expect(n.text.startsWith(`${n.rule}: `)).toBe(true);
      if (n.failed) expect(n.text).toContain(n.failed.text);
    }
  });

  it('gives the distance to every tier: 0 inside its band, the points short of a better one', async () => {
    const res = await get('court', '?explain=full');
    const w = res.body.whyNot!;
    expect(w.tiers.map((t) => t.tier).sort()).toEqual(shipped.outcome.tiers.map((t) => t.tier).sort());
    const score = res.body.score;
    for (const t of w.tiers) {
      const band = shipped.outcome.tiers.find((s) => s.tier === t.tier)!;
      expect(t.min).toBe(band.min);
      if (t.tier === res.body.tier) expect(t.pointsNeeded).toBe(0);
      else if (band.min !== null && band.min > score) expect(t.pointsNeeded).toBe(band.min - score);
      else expect(t.pointsNeeded).toBeLessThan(0);
      expect(typeof t.text).toBe('string');
    }
  });

  it('is the enterprise’s to read too, for its own assessment', async () => {
    const own = stack.token(Role.Enterprise, { uscc: uscc('court') });
    const res = await get('court', '?explain=full', own);
    expect(res.status).toBe(200);
    expect(res.body.whyNot?.notFired.length).toBeGreaterThan(0);
  });

  it('refuses another value of explain, naming the parameter', async () => {
    const res = await stack.request<{ code: string; details: { path: string; message: string }[] }>(
      'GET',
      `/api/v1/enterprises/${uscc('court')}/assessment?explain=yes`,
      { token: regulator },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([
      { path: 'explain', message: expect.stringContaining('must be "full"') },
    ]);
  });
});
