import { compileRules, resolveFacts, runScenarios, validateRuleSet, type RuleSetDocument } from '@app/rules';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideRecommendation } from './enforcement-recommendation';
import { readFirstOffenceItems } from './first-offence-items';

const RULES = join(__dirname, '../../../../rules');

function shipped(): RuleSetDocument {
  const result = validateRuleSet(JSON.parse(readFileSync(join(RULES, 'enforcement/2026.1.json'), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.ruleSet;
}

/** The measure and the deciding rule of every golden scenario (rules/scenarios/enforcement). */
const EXPECTED: Record<string, [measure: string, rule: string]> = {
  'first-offence': ['no_penalty', 'first-offence-no-penalty'],
  'repeat-offence': ['penalty', 'penalty-repeat'],
  malicious: ['penalty', 'penalty-malicious'],
  'red-line': ['penalty', 'penalty-red-line'],
  'not-on-list-outside-observation': ['penalty', 'penalty-outside-observation'],
  'observation-guidance': ['guidance', 'observation-guidance'],
  'observation-talk': ['talk', 'observation-talk'],
  'observation-warning': ['warning', 'observation-warning'],
  'observation-exhausted': ['penalty', 'observation-soft-exhausted'],
  'not-corrected': ['penalty', 'penalty-outside-observation'],
};

describe('enforcement recommendations (rules/enforcement/2026.1.json)', () => {
  const ruleSet = shipped();
  const { evaluator } = compileRules(ruleSet.rules);

  it('passes its default scenarios, one per branch', () => {
    const report = runScenarios(ruleSet);
    expect(report.failed).toBe(0);
    expect(report.results.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(readdirSync(join(RULES, 'scenarios/enforcement')))('recommends for scenario %s', async (file) => {
    const scenario = JSON.parse(readFileSync(join(RULES, 'scenarios/enforcement', file), 'utf8')) as {
      name: string;
      facts: Record<string, unknown>;
    };
    const resolved = resolveFacts(ruleSet, scenario.facts);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    const r = decideRecommendation(ruleSet, resolved.facts, await evaluator.evaluate(resolved.facts));
    const [measure, rule] = EXPECTED[scenario.name];
    expect([r.measure, r.reasons[0].rule, r.ruleSetVersion]).toEqual([measure, rule, '2026.1']);
    if (measure === 'penalty') expect(r.reasons[0].reason).toMatch(/^过罚相当: /);
  });

  it('refuses a recommendation naming a measure the outcome does not list', () => {
    const doc = JSON.parse(JSON.stringify(ruleSet)) as {
      rules: { event: { params: Record<string, unknown> } }[];
    };
    doc.rules[0].event.params.measure = 'fine';
    const result = validateRuleSet(doc);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['rules[0].event.params.measure']);
  });

  it('reads the first-offence list with its source and look-back window', () => {
    const list = readFirstOffenceItems(RULES);
    expect(list.lookBack.window).toBe('P2Y');
    expect(list.source.basis).toMatch(/行政处罚法/);
    expect(list.items.map((i) => i.code)).toContain('price-tag-missing');
  });
});
