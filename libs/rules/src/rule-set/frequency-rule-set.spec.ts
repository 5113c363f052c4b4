import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleEvaluator } from '../engine/fired-rule';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { compileRules } from '../engine/rule.compiler';
import { asFrequencyRuleSet, evaluateFrequencyPolicy, samplingStrata } from './frequency-policy';
import type { FrequencyRuleSet, RuleSetProblem } from './rule-set.types';
import { validateRuleSet } from './rule-set.validator';
import { runScenarios } from '../authoring/scenario-runner';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const FILE = join(__dirname, '../../../../rules/frequency/2026.1.json');
const shipped = (): Json => JSON.parse(readFileSync(FILE, 'utf8')) as Json;

function problemsOf(edit: (doc: Json) => void): RuleSetProblem[] {
  const doc = shipped();
  edit(doc);
  const result = validateRuleSet(doc);
  return result.ok ? [] : result.problems;
}

const ruleIndex = (doc: Json, name: string): number =>
  (doc.rules as Json[]).findIndex((r) => r.name === name);

describe('frequency rule set rules/frequency/2026.1.json', () => {
  it('is valid', () => {
    const result = validateRuleSet(shipped());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  describe('the validator rejects, with the path', () => {
    it('a ratio of 0: no tier is exempt from sampling (不免抽)', () => {
      const doc = shipped();
      const i = ruleIndex(doc, 'tier-a');
      expect(problemsOf((d) => (d.rules[i].event.params.ratio = 0))).toEqual([
        {
          path: `rules[${i}].event.params.ratio`,
          rule: 'tier-a',
          message: 'a ratio of 0 would exempt the tier from random sampling: no tier is exempt (不免抽)',
        },
      ]);
    });

    it('a ratio outside its tier’s band, or with more than 4 decimals', () => {
      const i = ruleIndex(shipped(), 'tier-a');
      expect(problemsOf((d) => (d.rules[i].event.params.ratio = 0.06))).toEqual([
        {
          path: `rules[${i}].event.params.ratio`,
          rule: 'tier-a',
          message: "ratio 0.06 is outside tier A's band 0.0001–0.05 (outcome.bands[0])",
        },
      ]);
      expect(problemsOf((d) => (d.rules[i].event.params.ratio = 0.03125)).map((p) => p.path)).toEqual([
        `rules[${i}].event.params.ratio`,
      ]);
    });

    it('a tier without a band, visits above the annual cap, an unknown event type', () => {
      const doc = shipped();
      const b = ruleIndex(doc, 'tier-b');
      const c = ruleIndex(doc, 'tier-c');
      const problems = problemsOf((d) => {
        d.rules[b].event.params.tier = 'E';
        d.rules[c].event.params.visitsPerYear = 5;
        d.rules[0].event.type = 'visits';
      });
      expect(problems).toEqual([
        { path: 'outcome.bands[1].tier', message: expect.stringContaining('no rule gives tier B its ratio') },
        {
          path: 'rules[0].event.type',
          rule: 'observation-period-excluded',
          message: expect.stringContaining('not "visits"'),
        },
        {
          path: `rules[${b}].event.params.tier`,
          rule: 'tier-b',
          message: 'tier "E" has no band in the outcome (A, B, C, D)',
        },
        {
          path: `rules[${c}].event.params.visitsPerYear`,
          rule: 'tier-c',
          message: '5 visits a year exceed the annual cap of 4 per enterprise per authority',
        },
      ]);
    });

    it('a tier no rule covers, and a band whose min is above its max', () => {
      const doc = shipped();
      const d = ruleIndex(doc, 'tier-d');
      const problems = problemsOf((x) => {
        x.rules.splice(d, 1);
        x.outcome.bands[2].minRatio = 0.7;
      });
      expect(problems).toEqual([
        { path: 'outcome.bands[2].minRatio', message: 'minRatio 0.7 is above maxRatio 0.6' },
        {
          path: 'outcome.bands[3].tier',
          message:
            'no rule gives tier D its ratio: every tier needs them (A is sampled rarely, never "never")',
        },
      ]);
    });

    it('a missing outcome, a malformed window and an unknown outcome key', () => {
      expect(problemsOf((d) => delete d.outcome)).toEqual([{ path: 'outcome', message: 'is required' }]);
      expect(
        problemsOf((d) => {
          d.outcome.noRepeatAfterHigherLevelCheck = '3 months';
          d.outcome.capPerYear = 3;
        }),
      ).toEqual([
        { path: 'outcome.capPerYear', message: 'unknown property' },
        {
          path: 'outcome.noRepeatAfterHigherLevelCheck',
          message: 'invalid ISO-8601 duration "3 months": use years, months, weeks or days, e.g. P3M',
        },
      ]);
    });

    it('a frequency event that names no tier or sets nothing', () => {
      const i = ruleIndex(shipped(), 'food-tier-d');
      const problems = problemsOf((d) => {
        d.rules[i].event.params = { factor: 'tier', reason: '食品' };
      });
      expect(problems).toEqual([
        {
          path: `rules[${i}].event.params`,
          rule: 'food-tier-d',
          message: 'a frequency event sets at least one of ratio, visitsPerYear, minIntervalDays',
        },
        {
          path: `rules[${i}].event.params.tier`,
          rule: 'food-tier-d',
          message: 'a frequency event names the tier it is about',
        },
      ]);
    });

    it('supervision context facts outside frequency rule sets', () => {
      const tiering = JSON.parse(
        readFileSync(join(__dirname, '../../../../rules/tiering/2026.1.json'), 'utf8'),
      ) as Json;
      tiering.facts.current_tier = { type: 'string', from: 'assessment.tier' };
      const result = validateRuleSet(tiering);
      expect(result.ok ? [] : result.problems).toEqual([
        {
          path: 'facts.current_tier.from',
          message:
            'assessment.tier is supervision context the caller supplies, not an enterprise attribute: only frequency, observation rule sets may use it',
        },
      ]);
    });
  });

  describe('evaluateFrequencyPolicy', () => {
    const validation = validateRuleSet(shipped());
    if (!validation.ok) throw new Error('rules/frequency/2026.1.json is invalid');
    const ruleSet: FrequencyRuleSet = asFrequencyRuleSet(validation.ruleSet);
    const compiled = compileRules(ruleSet.rules);
    const evaluators: [string, RuleEvaluator][] = [
      ['json-rules-engine', createReferenceEvaluator(ruleSet.rules)],
      ['compiled', compiled.evaluator],
    ];

    it('compiles without falling back', () => expect(compiled.unsupported).toEqual([]));

    describe.each(evaluators)('with %s', (_, evaluator) => {
      it.each([
        ['A', 0.03, 0.5, 365],
        ['B', 0.1, 1, 180],
        ['C', 0.4, 2, 90],
        ['D', 0.8, 2, 60],
      ])('tier %s: ratio %d, %d visits a year, %d days apart', async (tier, ratio, visits, interval) => {
        const policy = await evaluateFrequencyPolicy(ruleSet, tier, {}, evaluator);
        expect(policy).toMatchObject({
          tier,
          ratio,
          visitsPerYear: visits,
          minIntervalDays: interval,
          excludedFromRandomDraw: false,
          keyItemsUncapped: true,
          annualCapPerAuthority: 4,
          noRepeatAfterHigherLevelCheck: 'P3M',
          ruleSetVersion: '2026.1',
        });
        expect(policy.reasons.map((r) => r.rule)).toEqual([`tier-${tier.toLowerCase()}`]);
      });

      it('food D: the sector minimum of 3 visits wins, the ratio stays the tier’s', async () => {
        const policy = await evaluateFrequencyPolicy(ruleSet, 'D', { tags: ['food'] }, evaluator);
        expect(policy).toMatchObject({ ratio: 0.8, visitsPerYear: 3, minIntervalDays: 60 });
        expect(policy.reasons.map((r) => r.rule)).toEqual(['food-tier-d', 'tier-d']);
      });

      it('an enterprise in observation is left out of random draws, with the reason', async () => {
        const policy = await evaluateFrequencyPolicy(ruleSet, 'A', { in_observation: true }, evaluator);
        expect(policy.excludedFromRandomDraw).toBe(true);
        expect(policy.reasons[0]).toEqual({
          rule: 'observation-period-excluded',
          factor: 'in_observation',
          reason: '观察期内不纳入双随机抽查, 仅触发式监管',
        });
      });

      it('gives plan strata worst tier first, A never 0', async () => {
        const { strata } = await samplingStrata(ruleSet, {}, evaluator);
        expect(strata).toEqual([
          { tier: 'D', ratio: 0.8 },
          { tier: 'C', ratio: 0.4 },
          { tier: 'B', ratio: 0.1 },
          { tier: 'A', ratio: 0.03 },
        ]);
      });
    });

    it('refuses a tier no rule covers', async () => {
      await expect(evaluateFrequencyPolicy(ruleSet, 'E', {}, compiled.evaluator)).rejects.toThrow(
        'gives tier E no ratio, visitsPerYear, minIntervalDays',
      );
    });
  });
});

describe('frequency rule set rules/frequency/2026.2.json', () => {
  const read = (version: string): Json =>
    JSON.parse(readFileSync(join(__dirname, `../../../../rules/frequency/${version}.json`), 'utf8')) as Json;

  it('decides as 2026.1 and cites the legal basis of the annual cap (国办发〔2024〕54号)', () => {
    const [v1, v2] = [read('2026.1'), read('2026.2')];
    const result = validateRuleSet(v2);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(v2).toMatchObject({ version: '2026.2', effectiveFrom: '2027-01-01T00:00:00+08:00' });
    expect(v2.facts).toEqual(v1.facts);
    expect(v2.rules).toEqual(v1.rules);
    const { annualCapBasis, ...outcome } = v2.outcome as Json;
    expect(outcome).toEqual(v1.outcome);
    expect(v1.outcome.annualCapBasis).toBeUndefined();
    expect(annualCapBasis).toEqual({
      title: '国务院办公厅关于严格规范涉企行政检查的意见(国办发〔2024〕54号)',
      article: expect.stringContaining('年度行政检查频次上限'),
    });
    expect(v2.description).toMatch(/tierwatch默认值/);
  });

  it('passes every default frequency scenario, as 2026.1 does', () => {
    const result = validateRuleSet(read('2026.2'));
    if (!result.ok) throw new Error('rules/frequency/2026.2.json is invalid');
    const report = runScenarios(result.ruleSet);
    expect(report.source).toBe('default');
    expect(report.total).toBeGreaterThan(5);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });
});
