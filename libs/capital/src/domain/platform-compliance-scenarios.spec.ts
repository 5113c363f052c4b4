import { compileRules, createReferenceEvaluator, RuleEvaluator, validateRuleSet } from '@app/rules';
import { rulesDirectory, shippedRuleSet } from '@app/rulesets';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideCompliance } from './platform-compliance';

/**
 * The golden scenarios of platform-compliance 2026.1 (rules/scenarios/platform-compliance/, also the
 * kind's default scenarios): every rule, the edges of the tierwatch defaults (median 30/31 days) and
 * the worst grade winning. Each runs through json-rules-engine itself and the compiled evaluator,
 * which must agree; the file name says the grade (poor-…, fair-…, good-…).
 */
interface Scenario {
  name: string;
  facts: Record<string, unknown>;
  expect: { firedRules: string[] };
}

const dir = join(rulesDirectory(), 'scenarios', 'platform-compliance');
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario);
const ruleSet = shippedRuleSet('platform-compliance', '2026-06-01');
const evaluators: [string, RuleEvaluator][] = [
  ['json-rules-engine', createReferenceEvaluator(ruleSet.rules)],
  ['compiled', compileRules(ruleSet.rules).evaluator],
];

describe('platform-compliance 2026.1 golden scenarios', () => {
  it('covers every rule and every grade', () => {
    const fired = new Set(scenarios.flatMap((s) => s.expect.firedRules));
    expect([...fired].sort()).toEqual(ruleSet.rules.map((r) => r.name).sort());
    expect(new Set(scenarios.map((s) => s.name.split('-')[0]))).toEqual(new Set(['good', 'fair', 'poor']));
  });

  describe.each(evaluators)('%s', (_name, evaluator) => {
    it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (name, s) => {
      const d = decideCompliance(ruleSet, s.facts, await evaluator.evaluate(s.facts), {
        forced_exclusivity: ['7'],
      });
      expect(d.findings.map((f) => f.rule).sort()).toEqual([...s.expect.firedRules].sort());
      expect(d.grade).toBe(name.split('-')[0]);
      for (const f of d.findings) expect(f.value).toBe(s.facts[f.factor]);
      const exclusivity = d.findings.find((f) => f.code === 'forced_exclusivity');
      if (exclusivity) {
        expect(exclusivity.records).toEqual(['7']);
        expect(exclusivity.basis?.title).toContain('反垄断法');
      }
    });
  });
});

describe('platform-compliance rule-set checks', () => {
  const doc = JSON.parse(readFileSync(join(rulesDirectory(), 'platform-compliance/2026.1.json'), 'utf8')) as {
    outcome: Record<string, unknown>;
    rules: { event: { type: string; params: Record<string, unknown> } }[];
  };

  it('accepts the shipped file', () => {
    expect(validateRuleSet(doc).ok).toBe(true);
  });

  it('refuses a grade outside outcome.grades, the best grade fired, a bad deadline and other event types', () => {
    const bad = structuredClone(doc);
    bad.outcome.handlingDeadline = '30 days';
    bad.outcome.grades = ['good', 'fair', 'poor'];
    bad.rules[0].event.params.grade = 'good';
    bad.rules[1].event.params.grade = 'terrible';
    bad.rules[2].event.type = 'light';
    const v = validateRuleSet(bad);
    expect(v.ok).toBe(false);
    const paths = v.ok ? [] : v.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'outcome.handlingDeadline',
        'rules[0].event.params.grade',
        'rules[1].event.params.grade',
        'rules[2].event.type',
      ]),
    );
  });

  it('refuses grades that are not a list of distinct codes', () => {
    const bad = structuredClone(doc);
    bad.outcome.grades = ['good', 'good'];
    const v = validateRuleSet(bad);
    expect(v.ok ? [] : v.problems.map((p) => p.path)).toContain('outcome.grades');
  });
});
