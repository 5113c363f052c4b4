import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules } from '../engine/rule.compiler';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { evaluateRuleSet } from './evaluate-rule-set';
import { asFrequencyRuleSet, evaluateFrequencyPolicy } from './frequency-policy';
import type { RuleSetDocument } from './rule-set.types';
import { validateRuleSet } from './rule-set.validator';
import { asTriggersRuleSet, evaluateTriggers } from './triggered-tasks';

/** Issue 12, point 9: a rule's `basis` reaches every explanation of what it decided. */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const ROOT = join(__dirname, '../../../..');
const read = (file: string): Json => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Json;
const basis = {
  title: '市场监督管理严重违法失信名单管理办法',
  article: '第二条',
  url: 'https://www.samr.gov.cn/',
};

function withBasis(kind: string, rules: string[]): RuleSetDocument {
  const doc = read(`rules/${kind}/2026.1.json`);
  for (const name of rules) doc.rules.find((r: Json) => r.name === name).basis = basis;
  const result = validateRuleSet(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.ruleSet;
}

describe('legal basis in explanations', () => {
  it('tiering: on the fired score rules and overrides that have one, and nowhere else', async () => {
    const ruleSet = withBasis('tiering', ['serious-dishonesty-list', 'serious-penalty']);
    const facts = read('rules/scenarios/tiering/demo-dishonest.json').facts as Json;
    for (const evaluator of [
      compileRules(ruleSet.rules).evaluator,
      createReferenceEvaluator(ruleSet.rules),
    ]) {
      const result = await evaluateRuleSet(ruleSet, facts, evaluator);
      expect(result.overrides).toEqual([expect.objectContaining({ rule: 'serious-dishonesty-list', basis })]);
      expect(result.fired.map((f) => [f.rule, f.basis])).toEqual([
        ['serious-penalty', basis],
        ['tax-grade-d', undefined],
        ['long-established', undefined],
      ]);
      expect(result.fired[1]).not.toHaveProperty('basis');
    }
  });

  it('frequency and triggers: on the policy reasons and the fired triggers', async () => {
    const frequency = asFrequencyRuleSet(withBasis('frequency', ['tier-d']));
    const policy = await evaluateFrequencyPolicy(
      frequency,
      'D',
      { tags: ['food'] },
      compileRules(frequency.rules).evaluator,
    );
    expect(policy.reasons.map((r) => [r.rule, r.basis])).toEqual([
      ['food-tier-d', undefined],
      ['tier-d', basis],
    ]);
    const triggers = asTriggersRuleSet(withBasis('triggers', ['complaints-surge']));
    const fired = await evaluateTriggers(
      triggers,
      { complaints_30d: 6, high_monitoring_alert_7d: true, platform_risk_signal_30d: false },
      compileRules(triggers.rules).evaluator,
    );
    expect(fired.triggers.map((t) => [t.rule, t.basis])).toEqual([
      ['complaints-surge', basis],
      ['high-monitoring-alert', undefined],
    ]);
  });
});
