import { compileRules, createReferenceEvaluator, RuleEvaluator } from '@app/rules';
import { rulesDirectory, shippedRuleSet } from '@app/rulesets';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateLight } from './evaluate-light';

/**
 * The golden scenarios of investment-light 2026.1 (rules/scenarios/investment-light/, also the
 * kind's default scenarios): every light and the edges of the tierwatch defaults (serial count 2/3,
 * proximity 79/80/100 %). Each runs through json-rules-engine itself and the compiled evaluator,
 * which must agree; the file name says the light (red-…, yellow-…, anything else green).
 */
interface Scenario {
  name: string;
  facts: Record<string, unknown>;
  expect: { firedRules: string[] };
}

const dir = join(rulesDirectory(), 'scenarios', 'investment-light');
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario);
const ruleSet = shippedRuleSet('investment-light', '2026-06-01');
const evaluators: [string, RuleEvaluator][] = [
  ['json-rules-engine', createReferenceEvaluator(ruleSet.rules)],
  ['compiled', compileRules(ruleSet.rules).evaluator],
];
// The scenario facts are by name; evaluateLight takes the catalog attributes they copy.
const attributesOf = (facts: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(ruleSet.facts).map(([name, d]) => [d.from!, facts[name] as number | boolean | string]),
  );

describe('investment-light 2026.1 golden scenarios', () => {
  it('covers red, yellow and green', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(13);
  });

  describe.each(evaluators)('%s', (_name, evaluator) => {
    it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (name, s) => {
      const r = await evaluateLight(ruleSet, evaluator, attributesOf(s.facts));
      expect(r.fired.map((f) => f.rule).sort()).toEqual([...s.expect.firedRules].sort());
      const light = name.startsWith('red') ? 'red' : name.startsWith('yellow') ? 'yellow' : 'green';
      expect(r.light).toBe(light);
    });
  });
});
