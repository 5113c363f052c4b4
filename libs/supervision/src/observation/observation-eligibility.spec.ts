import { compileRules, runScenarios, validateRuleSet, type RuleSetDocument } from '@app/rules';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  daysRemaining,
  decideObservation,
  periodEndsOn,
  resolveObservationFacts,
} from './observation-eligibility';

const RULES = join(__dirname, '../../../../rules');

function shipped(): RuleSetDocument {
  const result = validateRuleSet(JSON.parse(readFileSync(join(RULES, 'observation/2026.1.json'), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.ruleSet;
}

/** The decision each golden scenario (rules/scenarios/observation) must give, beside its fired rules. */
const EXPECTED: Record<string, { eligible: boolean; months: number | null; firstReason: string }> = {
  'eligible-tier-a': { eligible: true, months: 24, firstReason: 'new-business-form' },
  'eligible-tier-b': { eligible: true, months: 24, firstReason: 'new-business-form' },
  'tier-c-barred': { eligible: false, months: null, firstReason: 'tier-not-a-or-b' },
  'red-line-food': { eligible: false, months: null, firstReason: 'red-line-field' },
  'serious-penalty': { eligible: false, months: null, firstReason: 'serious-record' },
  'dishonesty-listed': { eligible: false, months: null, firstReason: 'serious-record' },
  'not-new-business-form': { eligible: false, months: null, firstReason: 'not-new-business-form' },
};

describe('observation eligibility (rules/observation/2026.1.json)', () => {
  const ruleSet = shipped();
  const { evaluator } = compileRules(ruleSet.rules);

  it('passes its default scenarios (rules/scenarios/observation)', () => {
    const report = runScenarios(ruleSet);
    expect(report.failed).toBe(0);
    expect(report.results.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(readdirSync(join(RULES, 'scenarios/observation')))('decides scenario %s', async (file) => {
    const scenario = JSON.parse(readFileSync(join(RULES, 'scenarios/observation', file), 'utf8')) as {
      name: string;
      facts: Record<string, unknown>;
    };
    const facts = resolveObservationFacts(ruleSet, scenario.facts);
    const decision = decideObservation(ruleSet, facts, await evaluator.evaluate(facts));
    const expected = EXPECTED[scenario.name];
    expect(decision).toMatchObject({
      eligible: expected.eligible,
      months: expected.months,
      ruleSetVersion: '2026.1',
    });
    expect(decision.reasons[0].rule).toBe(expected.firstReason);
  });

  it('marks a serious record as a red-line bar, and takes the shortest length fired within maxMonths', () => {
    const facts = resolveObservationFacts(ruleSet, {
      new_business_form: true,
      tier: 'A',
      serious_penalties_3y: 2,
      serious_dishonesty_listed: false,
    });
    const barred = decideObservation(ruleSet, facts, [
      {
        name: 'new-business-form',
        event: { type: 'eligible', params: { factor: 'x', reason: 'x', months: 24 } },
      },
      {
        name: 'serious-record',
        event: { type: 'ineligible', params: { factor: 'y', reason: 'y', redLine: true } },
      },
    ]);
    expect(barred.reasons[0]).toMatchObject({ rule: 'serious-record', redLine: true });
    const short = decideObservation(ruleSet, facts, [
      { name: 'a', event: { type: 'eligible', params: { factor: 'x', reason: 'x', months: 36 } } },
      { name: 'b', event: { type: 'eligible', params: { factor: 'x', reason: 'x', months: 12 } } },
    ]);
    expect(short).toMatchObject({ eligible: true, months: 12 });
  });

  it('refuses an eligible event without months or above maxMonths, and unknown event types', () => {
    const doc = JSON.parse(JSON.stringify(ruleSet)) as {
      rules: { event: { type: string; params: Record<string, unknown> } }[];
    };
    doc.rules[0].event.params.months = 36;
    doc.rules[1].event.type = 'score';
    const result = validateRuleSet(doc);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => [p.path, p.message])).toEqual([
      ['rules[0].event.params.months', "36 months is above the outcome's maxMonths 24"],
      ['rules[1].event.type', 'observation rules fire "eligible" or "ineligible" events, not "score"'],
    ]);
  });
});

describe('period dates', () => {
  it('ends the day before the same date months later, clamped to the month', () => {
    expect(periodEndsOn('2026-12-02', 24)).toBe('2028-12-01');
    expect(periodEndsOn('2026-01-31', 1)).toBe('2026-02-27');
    expect(periodEndsOn('2027-03-01', 12)).toBe('2028-02-29');
  });

  it('counts the days left including today and the last day', () => {
    expect(daysRemaining('2026-12-02', '2026-12-02')).toBe(1);
    expect(daysRemaining('2026-12-02', '2026-12-31')).toBe(30);
    expect(daysRemaining('2027-01-01', '2026-12-31')).toBe(0);
  });
});
