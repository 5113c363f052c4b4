import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { evaluateRuleSet } from '../rule-set/evaluate-rule-set';
import { isRecord } from '../rule-set/json-guards.util';
import { resolveFacts } from '../rule-set/resolve-facts';
import type { RuleSetDocument } from '../rule-set/rule-set.types';
import { validateRuleSet } from '../rule-set/rule-set.validator';
import { explainWhyNot, type WhyNotExplanation } from './why-not';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const ROOT = join(__dirname, '../../../..');
const read = (file: string): Json => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Json;
const shipped = (kind: string): Json => read(`rules/${kind}/2026.1.json`);
const scenarioFacts = (name: string): Json => read(`rules/scenarios/tiering/${name}.json`).facts as Json;

function valid(doc: Json): RuleSetDocument {
  const result = validateRuleSet(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.ruleSet;
}

const tiering = valid(shipped('tiering'));
const notFired = (ex: WhyNotExplanation, rule: string) => ex.notFired.find((r) => r.rule === rule);

describe('explainWhyNot', () => {
  it('names, for a rule that did not fire, the first failing condition with value and threshold', () => {
    const ex = explainWhyNot(tiering, scenarioFacts('demo-court'));
    expect(notFired(ex, 'general-penalty')).toEqual({
      rule: 'general-penalty',
      event: { type: 'score', factor: 'general_penalties_3y', reason: '近3年受到一般行政处罚', points: -15 },
      failed: {
        path: 'conditions.all[0]',
        fact: 'general_penalties_3y',
        operator: 'greaterThanInclusive',
        value: 0,
        threshold: 1,
        text: 'general_penalties_3y = 0, needs ≥ 1',
      },
      text: 'general-penalty: general_penalties_3y = 0, needs ≥ 1',
    });
    expect(notFired(ex, 'tax-grade-d')?.text).toBe('tax-grade-d: latest_tax_grade = "C", needs = "D"');
    expect(notFired(ex, 'serious-penalty-older')?.failed).toEqual({
      path: 'conditions.all[0]',
      fact: 'serious_penalties_5y',
      operator: 'greaterThan',
      value: 0,
      threshold: 0,
      thresholdFact: 'serious_penalties_3y',
      text: 'serious_penalties_5y = 0, needs > serious_penalties_3y (0)',
    });
    // The second condition fails when the first holds.
    const abnormal = explainWhyNot(tiering, {
      ...scenarioFacts('demo-court'),
      abnormal_listings_3y: 1,
      on_abnormal_operation_list: true,
    });
    expect(notFired(abnormal, 'abnormal-listing-history')?.failed).toMatchObject({
      path: 'conditions.all[1]',
      text: 'on_abnormal_operation_list = true, needs = false',
    });
  });

  it('lists the fired rules and every rule exactly once', () => {
    const ex = explainWhyNot(tiering, scenarioFacts('demo-court'));
    expect(ex.fired.map((r) => r.rule)).toEqual(['tax-grade-c', 'court-enforcement', 'long-established']);
    expect([...ex.fired, ...ex.notFired].map((r) => r.rule).sort()).toEqual(
      tiering.rules.map((r) => r.name).sort(),
    );
    expect(ex.notFired.every((r) => r.failed !== null)).toBe(true);
  });

  it('gives the distance of the score to every tier band', () => {
    const ex = explainWhyNot(tiering, scenarioFacts('demo-court'));
    expect(ex).toMatchObject({ score: 82, tier: 'B' });
    expect(ex.tiers).toEqual([
      { tier: 'A', min: 90, max: null, pointsNeeded: 8, text: 'A: 8 points short (score 82, A from 90)' },
      { tier: 'B', min: 70, max: 89, pointsNeeded: 0, text: 'B: within the band (score 82, B 70 to 89)' },
      {
        tier: 'C',
        min: 50,
        max: 69,
        pointsNeeded: -13,
        text: 'C: 13 points too many (score 82, C 50 to 69)',
      },
      {
        tier: 'D',
        min: null,
        max: 49,
        pointsNeeded: -33,
        text: 'D: 33 points too many (score 82, D up to 49)',
      },
    ]);
  });

  it('says which override keeps a tier out of reach whatever the score', () => {
    const dishonest = explainWhyNot(tiering, scenarioFacts('demo-dishonest'));
    expect(dishonest).toMatchObject({ score: 52, tier: 'D' });
    expect(dishonest.tiers?.map((t) => [t.tier, t.pointsNeeded, t.blockedBy])).toEqual([
      ['A', 38, 'serious-dishonesty-list'],
      ['B', 18, 'serious-dishonesty-list'],
      ['C', 0, 'serious-dishonesty-list'],
      ['D', -3, undefined],
    ]);
    expect(dishonest.tiers?.[2].text).toBe(
      'C: within the band (score 52, C 50 to 69); serious-dishonesty-list (set D) keeps the result from C whatever the score',
    );
    const abnormal = explainWhyNot(tiering, scenarioFacts('demo-abnormal'));
    expect(abnormal.tiers?.map((t) => t.blockedBy)).toEqual([
      'abnormal-operation-list',
      'abnormal-operation-list',
      undefined,
      undefined,
    ]);
  });

  it('agrees with the evaluation it is given (an assessment, a simulation)', async () => {
    const facts = scenarioFacts('demo-food-penalties');
    const evaluation = await evaluateRuleSet(tiering, facts, createReferenceEvaluator(tiering.rules));
    expect(explainWhyNot(tiering, facts, evaluation)).toEqual(explainWhyNot(tiering, facts));
    expect(
      explainWhyNot(tiering, facts, {
        firedRules: [...evaluation.fired, ...evaluation.overrides].map((f) => f.rule),
      }),
    ).toEqual(explainWhyNot(tiering, facts));
  });

  it('carries each rule’s legal basis, fired or not', () => {
    const doc = shipped('tiering');
    const basis = {
      title: '市场监督管理行政处罚信息公示规定',
      article: '第十四条',
      url: 'https://www.samr.gov.cn/',
    };
    doc.rules.find((r: Json) => r.name === 'general-penalty').basis = basis;
    doc.rules.find((r: Json) => r.name === 'court-enforcement').basis = {
      title: '最高人民法院关于公布失信被执行人名单信息的若干规定',
      article: '第一条',
    };
    const ex = explainWhyNot(valid(doc), scenarioFacts('demo-court'));
    expect(notFired(ex, 'general-penalty')?.basis).toEqual(basis);
    expect(ex.fired.find((r) => r.rule === 'court-enforcement')?.basis).toMatchObject({ article: '第一条' });
    expect(ex.fired.find((r) => r.rule === 'tax-grade-c')).not.toHaveProperty('basis');
  });

  it('explains frequency and triggers rule sets too (no tiers)', () => {
    const triggers = explainWhyNot(valid(shipped('triggers')), {
      complaints_30d: 3,
      high_monitoring_alert_7d: false,
      platform_risk_signal_30d: false,
    });
    expect(triggers.tiers).toBeUndefined();
    expect(triggers.notFired.map((r) => r.text)).toEqual([
      'complaints-surge: complaints_30d = 3, needs ≥ 5',
      'high-monitoring-alert: high_monitoring_alert_7d = false, needs = true',
      'platform-risk-signal: platform_risk_signal_30d = false, needs = true',
    ]);
    const frequency = explainWhyNot(valid(shipped('frequency')), { tier: 'C', tags: ['retail'] });
    expect(frequency.fired.map((r) => r.rule)).toEqual(['tier-c']);
    expect(notFired(frequency, 'food-tier-d')?.text).toBe('food-tier-d: tier = "C", needs = "D"');
  });

  it('reads any, not, lists and dates', () => {
    const doc = valid({
      kind: 'triggers',
      version: 'w1',
      effectiveFrom: '2026-01-01T00:00:00+08:00',
      facts: {
        tags: { type: 'string[]', from: 'enterprise.tags', default: [] },
        last_alert_on: {
          type: 'date',
          max: { recordType: 'monitoring_alert', field: 'occurred_on' },
          default: '2000-01-01',
        },
        size: { type: 'string', from: 'enterprise.size' },
      },
      rules: [
        {
          name: 'any',
          conditions: {
            any: [
              { fact: 'tags', operator: 'contains', value: 'food' },
              { fact: 'size', operator: 'in', value: ['large'] },
            ],
          },
          event: { type: 'trigger', params: { factor: 'tags', reason: 'r', code: 'a', priority: 'high' } },
        },
        {
          name: 'not',
          conditions: { all: [{ not: { fact: 'size', operator: 'equal', value: 'micro' } }] },
          event: { type: 'trigger', params: { factor: 'size', reason: 'r', code: 'b', priority: 'high' } },
        },
        {
          name: 'recent',
          conditions: { all: [{ fact: 'last_alert_on', operator: 'greaterThanInclusive', value: 20454 }] },
          event: {
            type: 'trigger',
            params: { factor: 'last_alert_on', reason: 'r', code: 'c', priority: 'high' },
          },
        },
      ],
      outcome: { defaultDedupWindow: 'P30D' },
    });
    const ex = explainWhyNot(doc, { size: 'micro', tags: ['retail'], last_alert_on: '2025-12-31' });
    expect(ex.notFired.map((r) => [r.failed?.path, r.text])).toEqual([
      ['conditions.any[0]', 'any: tags = ["retail"], needs to contain "food"'],
      ['conditions.all[0].not', 'not: size = "micro", needs not = "micro"'],
      ['conditions.all[0]', 'recent: last_alert_on = 2025-12-31, needs ≥ 2026-01-01'],
    ]);
  });

  it('refuses facts the rule set cannot evaluate, as the evaluation does', () => {
    expect(() => explainWhyNot(tiering, {})).toThrow(/could not be derived and has no default/);
  });
});

// ---------------------------------------------------------------------------------------------
// The property: a rule reported as not fired never fired in json-rules-engine, and its reported
// failing condition, run alone through json-rules-engine, really fails.

function nodeAt(rule: Json, path: string): unknown {
  let node: unknown = rule;
  for (const [, key, index] of path.matchAll(/\.?([A-Za-z_]+)|\[(\d+)\]/g)) {
    node = isRecord(node) || Array.isArray(node) ? (node as Json)[key ?? Number(index)] : undefined;
  }
  return node;
}

const grade = fc.constantFrom('A', 'B', 'C', 'D', 'M');
const tieringFacts = fc.record(
  Object.fromEntries(
    Object.entries(tiering.facts).map(([name, d]) => [
      name,
      d.type === 'boolean'
        ? fc.boolean()
        : d.type === 'string'
          ? grade
          : name === 'registered_capital'
            ? fc.constantFrom(0, 49_999_999, 50_000_000, 80_000_000)
            : fc.integer({ min: 0, max: 12 }),
    ]),
  ),
);

async function holdsAlone(condition: unknown, facts: Json): Promise<boolean> {
  const rule = { name: 'probe', conditions: { all: [condition] }, event: { type: 'probe' } };
  const fired = await createReferenceEvaluator([rule]).evaluate(facts);
  return fired.length > 0;
}

async function agrees(ruleSet: RuleSetDocument, raw: Json): Promise<void> {
  const resolved = resolveFacts(ruleSet, raw);
  if (!resolved.ok) throw new Error('facts do not resolve');
  const reference = new Set(
    (await createReferenceEvaluator(ruleSet.rules).evaluate(resolved.facts)).map((r) => r.name),
  );
  const ex = explainWhyNot(ruleSet, raw);
  expect(new Set(ex.fired.map((r) => r.rule))).toEqual(reference);
  for (const rule of ex.notFired) {
    expect(reference.has(rule.rule)).toBe(false);
    expect(rule.failed).not.toBeNull();
    const doc = ruleSet.rules.find((r) => r.name === rule.rule) as unknown as Json;
    const at = rule.failed!.path;
    const node = at.endsWith('.not') ? { not: nodeAt(doc, at) } : nodeAt(doc, at);
    expect(await holdsAlone(node, resolved.facts)).toBe(false);
  }
}

describe('explainWhyNot agrees with json-rules-engine (fast-check)', () => {
  it('on the shipped tiering rule set', async () => {
    await fc.assert(
      fc.asyncProperty(tieringFacts, (facts) => agrees(tiering, facts)),
      { numRuns: 150 },
    );
  });

  it('on the shipped frequency and triggers rule sets', async () => {
    const frequency = valid(shipped('frequency'));
    const triggers = valid(shipped('triggers'));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          tier: fc.constantFrom('A', 'B', 'C', 'D'),
          in_observation: fc.boolean(),
          tags: fc.subarray(['food', 'retail']),
        }),
        fc.record({
          complaints_30d: fc.integer({ min: 0, max: 8 }),
          high_monitoring_alert_7d: fc.boolean(),
          platform_risk_signal_30d: fc.boolean(),
        }),
        async (f, t) => {
          await agrees(frequency, f);
          await agrees(triggers, t);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('on a rule set with any, not, nested all, decorators and fact-to-fact values', async () => {
    const c = (fact: string, operator: string, value: unknown): Json => ({ fact, operator, value });
    const ev = (code: string): Json => ({
      type: 'trigger',
      params: { factor: 'x', reason: 'r', code, priority: 'high' },
    });
    const doc = valid({
      kind: 'triggers',
      version: 'p1',
      effectiveFrom: '2026-01-01T00:00:00+08:00',
      facts: {
        x: { type: 'number', count: { recordType: 'complaint' } },
        y: { type: 'number', count: { recordType: 'public_opinion' } },
        b: { type: 'boolean', exists: { recordType: 'monitoring_alert' } },
        s: { type: 'string', from: 'enterprise.size' },
        tags: { type: 'string[]', from: 'enterprise.tags' },
      },
      rules: [
        {
          name: 'r1',
          conditions: {
            any: [
              c('x', 'greaterThan', 3),
              { all: [c('b', 'equal', true), c('s', 'in', ['large', 'medium'])] },
            ],
          },
          event: ev('a'),
        },
        {
          name: 'r2',
          conditions: {
            all: [
              { not: { any: [c('x', 'lessThan', 2), c('tags', 'contains', 'food')] } },
              c('y', 'greaterThanInclusive', { fact: 'x' }),
            ],
          },
          event: ev('b'),
        },
        {
          name: 'r3',
          conditions: {
            all: [
              c('tags', 'someFact:equal', 'food'),
              c('s', 'not:in', ['micro']),
              c('x', 'swap:lessThan', 5),
            ],
          },
          event: ev('c'),
        },
        {
          name: 'r4',
          priority: 5,
          conditions: { all: [c('s', 'notEqual', 'small'), { any: [] }] },
          event: ev('d'),
        },
        {
          name: 'r5',
          conditions: { not: { all: [c('b', 'equal', false), c('y', 'lessThanInclusive', 1)] } },
          event: ev('e'),
        },
      ],
      outcome: { defaultDedupWindow: 'P30D' },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          x: fc.integer({ min: 0, max: 7 }),
          y: fc.integer({ min: 0, max: 7 }),
          b: fc.boolean(),
          s: fc.constantFrom('micro', 'small', 'medium', 'large'),
          tags: fc.subarray(['food', 'retail', 'platform']),
        }),
        (facts) => agrees(doc, facts),
      ),
      { numRuns: 300 },
    );
  });
});
