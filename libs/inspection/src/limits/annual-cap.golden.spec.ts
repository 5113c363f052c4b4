import { highestLoad } from '@app/domain';
import {
  asFrequencyRuleSet,
  compileRules,
  evaluateFrequencyPolicy,
  randomDrawEligibility,
  validateRuleSet,
} from '@app/rules';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Golden fixtures of the annual cap per enterprise per department (test/fixtures/rules/annual-cap):
 * a plan's departments, the enterprise's visits this year per department — as numbers, or relative
 * to the cap of the rule set ("cap", "cap-1", "cap+1") so the edges follow the rule data — and
 * whether the plan may draw it. The cap comes from the shipped frequency rule set, as in the plan
 * service: the highest load among the plan's departments against `outcome.annualCapPerAuthority`.
 */
interface Fixture {
  description: string;
  ruleSet: string;
  tier: string;
  planDate: string;
  planDepartments: string[];
  load: Record<string, number | string>;
  expected: { eligible: boolean; reasons: string[] };
}

const ROOT = join(__dirname, '../../../..');
const DIR = join(ROOT, 'test/fixtures/rules/annual-cap');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture] as const);

function visits(value: number | string, cap: number): number {
  if (typeof value === 'number') return value;
  const m = /^cap([+-]\d+)?$/.exec(value);
  if (!m) throw new Error(`load ${value}: a number, "cap", "cap-N" or "cap+N"`);
  return cap + Number(m[1] ?? 0);
}

describe('annual cap per department: golden fixtures', () => {
  it('has fixtures for both sides of the edge', () => {
    expect(fixtures.map(([, f]) => f.expected.eligible)).toEqual(expect.arrayContaining([true, false]));
  });

  describe.each(fixtures)('%s', (_, fixture) => {
    it(fixture.description, async () => {
      const checked = validateRuleSet(JSON.parse(readFileSync(join(ROOT, fixture.ruleSet), 'utf8')));
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      const frequency = asFrequencyRuleSet(checked.ruleSet);
      const cap = frequency.outcome.annualCapPerAuthority;
      const load = Object.fromEntries(Object.entries(fixture.load).map(([d, v]) => [d, visits(v, cap)]));
      const policy = await evaluateFrequencyPolicy(
        frequency,
        fixture.tier,
        { tags: [], in_observation: false },
        compileRules(frequency.rules).evaluator,
      );
      const eligibility = randomDrawEligibility(
        policy,
        { inspectionsThisYearByAuthority: highestLoad(load, fixture.planDepartments) },
        fixture.planDate,
      );
      expect({ eligible: eligibility.eligible, reasons: eligibility.reasons.map((r) => r.code) }).toEqual(
        fixture.expected,
      );
    });
  });
});
