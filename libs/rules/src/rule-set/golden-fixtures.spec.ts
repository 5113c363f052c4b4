import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleEvaluator } from '../engine/fired-rule';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { compileRules } from '../engine/rule.compiler';
import { evaluateRuleSet } from './evaluate-rule-set';
import type { TieringRuleSet } from './rule-set.types';
import { validateRuleSet } from './rule-set.validator';

/**
 * Golden fixtures of the default tiering rule set (test/fixtures/rules/tiering/*.json): facts as the
 * derivation would produce them on `asOf`, and the outcome 2026.1 must give. Every fixture runs
 * through json-rules-engine itself and through the compiled evaluator, which must agree. Each is
 * also shipped as a default scenario (rules/scenarios/tiering/, read at run time by runScenarios);
 * the two copies must stay equal (test/integration/assessment/demo-tiers reads the fixtures).
 */

interface Fixture {
  description: string;
  asOf: string;
  facts: Record<string, unknown>;
  expected: { tier: string; score: number; overridden: boolean; firedRules: string[] };
}

const ROOT = join(__dirname, '../../../..');
const FIXTURES = join(ROOT, 'test/fixtures/rules/tiering');
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const fixtures = files.map(
  (file) => [file, JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture] as const,
);

const validation = validateRuleSet(JSON.parse(readFileSync(join(ROOT, 'rules/tiering/2026.1.json'), 'utf8')));
if (!validation.ok)
  throw new Error(`rules/tiering/2026.1.json: ${JSON.stringify(validation.problems, null, 2)}`);
const ruleSet = validation.ruleSet as TieringRuleSet;
const compiled = compileRules(ruleSet.rules);
const evaluators: [string, RuleEvaluator][] = [
  ['json-rules-engine', createReferenceEvaluator(ruleSet.rules)],
  ['compiled', compiled.evaluator],
];

describe('default tiering rule set 2026.1', () => {
  it('is valid, effective from 2026-01-01 in Shanghai, and compiles without falling back', () => {
    expect(ruleSet.kind).toBe('tiering');
    expect(ruleSet.version).toBe('2026.1');
    expect(ruleSet.effectiveFrom).toBe('2026-01-01T00:00:00+08:00');
    expect(compiled.unsupported).toEqual([]);
    expect(compiled.evaluator.kind).toBe('compiled');
  });

  it('has a fixture for every demo story', () => {
    const stories = JSON.parse(readFileSync(join(ROOT, 'seeds/demo/stories.json'), 'utf8')) as {
      key: string;
    }[];
    for (const { key } of stories) expect(files).toContain(`demo-${key}.json`);
  });

  describe.each(fixtures)('%s', (file, fixture) => {
    it('is also the default scenario of the same name (rules/scenarios/tiering/), unchanged', () => {
      const scenario = JSON.parse(
        readFileSync(join(ROOT, 'rules/scenarios/tiering', file), 'utf8'),
      ) as Record<string, unknown>;
      expect(scenario).toEqual({
        name: file.replace(/\.json$/, ''),
        description: fixture.description,
        asOf: fixture.asOf,
        facts: fixture.facts,
        expect: fixture.expected,
      });
    });

    it('names only declared facts and a real as-of date', () => {
      for (const name of Object.keys(fixture.facts)) expect(Object.keys(ruleSet.facts)).toContain(name);
      expect(fixture.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it.each(evaluators)('gives the expected outcome with %s', async (_kind, evaluator) => {
      const result = await evaluateRuleSet(ruleSet, fixture.facts, evaluator);
      const fired = new Set([...result.fired.map((f) => f.rule), ...result.overrides.map((o) => o.rule)]);
      expect({
        tier: result.tier,
        score: result.score,
        overridden: result.overridden,
        firedRules: ruleSet.rules.map((r) => r.name).filter((name) => fired.has(name)),
      }).toEqual(fixture.expected);
      expect(result.ruleSetVersion).toBe('2026.1');
    });

    it('gives both evaluators the same input digest and explanation', async () => {
      const [reference, fast] = await Promise.all(
        evaluators.map(([, evaluator]) => evaluateRuleSet(ruleSet, fixture.facts, evaluator)),
      );
      expect(fast).toEqual(reference);
    });
  });
});

/**
 * tiering 2026.2: 2026.1's decisions with plain-language texts on every rule, and the new facts
 * (soft enforcement measures, open investment warnings, the platform-compliance grade). Every default
 * scenario holds for it — the 2026.1 fixtures (whose facts leave the new ones at their defaults) and
 * the scenarios `since` 2026.2 about the new rules — through both evaluators.
 */
describe('default tiering rule set 2026.2', () => {
  const next = validateRuleSet(JSON.parse(readFileSync(join(ROOT, 'rules/tiering/2026.2.json'), 'utf8')));
  if (!next.ok) throw new Error(`rules/tiering/2026.2.json: ${JSON.stringify(next.problems, null, 2)}`);
  const ruleSet2 = next.ruleSet as TieringRuleSet;
  const compiled2 = compileRules(ruleSet2.rules);
  const evaluators2: [string, RuleEvaluator][] = [
    ['json-rules-engine', createReferenceEvaluator(ruleSet2.rules)],
    ['compiled', compiled2.evaluator],
  ];
  const scenarios = readdirSync(join(ROOT, 'rules/scenarios/tiering'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map(
      (f) =>
        JSON.parse(readFileSync(join(ROOT, 'rules/scenarios/tiering', f), 'utf8')) as Fixture & {
          name: string;
          since?: string;
          expect: Fixture['expected'];
        },
    );
  const added = [
    'investment-red-warning',
    'investment-yellow-warning',
    'soft-measures-repeated',
    'platform-compliance-good',
    'platform-compliance-poor',
  ];

  it('is valid, effective from 2027-01-01 in Shanghai, and compiles without falling back', () => {
    expect(ruleSet2).toMatchObject({ kind: 'tiering', version: '2026.2' });
    expect(ruleSet2.effectiveFrom).toBe('2027-01-01T00:00:00+08:00');
    expect(compiled2.unsupported).toEqual([]);
  });

  it('keeps every fact, rule and band of 2026.1 and adds only the new facts and rules', () => {
    const strip = ({ explanation: _e, internal: _i, ...rule }: (typeof ruleSet2.rules)[number]) => rule;
    expect(ruleSet2.rules.filter((r) => !added.includes(r.name)).map(strip)).toEqual(ruleSet.rules);
    expect(ruleSet2.outcome).toEqual(ruleSet.outcome);
    expect(Object.keys(ruleSet2.facts).filter((f) => !(f in ruleSet.facts))).toEqual([
      'soft_measures_1y',
      'open_red_warnings',
      'open_yellow_warnings',
      'platform_compliance_grade',
    ]);
    for (const [name, fact] of Object.entries(ruleSet.facts)) expect(ruleSet2.facts[name]).toEqual(fact);
  });

  it('explains every rule in Chinese and English, and says the new weights are tierwatch defaults', () => {
    for (const rule of ruleSet2.rules) {
      expect(rule.explanation).toEqual({ zh: expect.any(String), en: expect.any(String) });
      if (added.includes(rule.name)) expect(rule.description).toMatch(/tierwatch default, not law/);
    }
  });

  it('has a scenario since 2026.2 making each new rule fire', () => {
    const since = scenarios.filter((s) => s.since === '2026.2');
    for (const rule of added) expect(since.some((s) => s.expect.firedRules.includes(rule))).toBe(true);
  });

  describe.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    it.each(evaluators2)('gives the expected outcome with %s', async (_kind, evaluator) => {
      const result = await evaluateRuleSet(ruleSet2, scenario.facts, evaluator);
      const fired = new Set([...result.fired.map((f) => f.rule), ...result.overrides.map((o) => o.rule)]);
      expect({
        tier: result.tier,
        score: result.score,
        overridden: result.overridden,
        firedRules: ruleSet2.rules.map((r) => r.name).filter((name) => fired.has(name)),
      }).toEqual(scenario.expect);
      expect(result.ruleSetVersion).toBe('2026.2');
    });
  });
});
