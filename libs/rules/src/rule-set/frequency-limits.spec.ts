import type { FrequencyOutcomeSpec } from './rule-set.types';
import { checkPlanStrata, randomDrawEligibility } from './frequency-limits';

const OUTCOME: FrequencyOutcomeSpec = {
  bands: [
    { tier: 'A', minRatio: 0.0001, maxRatio: 0.05 },
    { tier: 'B', minRatio: 0.05, maxRatio: 0.2 },
    { tier: 'C', minRatio: 0.21, maxRatio: 0.6 },
    { tier: 'D', minRatio: 0.61, maxRatio: 1 },
  ],
  keyItemsUncapped: true,
  annualCapPerAuthority: 4,
  noRepeatAfterHigherLevelCheck: 'P3M',
};

describe('checkPlanStrata', () => {
  it('accepts ratios inside the bands and directed counts', () => {
    expect(
      checkPlanStrata(
        OUTCOME,
        [
          { tier: 'D', ratio: 1 },
          { tier: 'B', ratio: 0.2 },
          { tier: 'A', count: 500 },
        ],
        'general',
      ),
    ).toEqual([]);
  });

  it('caps general items by the band, not key items when the rule set leaves them uncapped', () => {
    const strata = [
      { tier: 'A', ratio: 0.5 },
      { tier: 'C', ratio: 0.1 },
    ];
    expect(checkPlanStrata(OUTCOME, strata, 'general')).toEqual([
      { path: 'strata[0].ratio', message: "0.5 is above tier A's band 0.0001–0.05 for general items" },
      { path: 'strata[1].ratio', message: "0.1 is below tier C's band 0.21–0.6" },
    ]);
    expect(checkPlanStrata(OUTCOME, strata, 'key').map((p) => p.path)).toEqual(['strata[1].ratio']);
    expect(checkPlanStrata({ ...OUTCOME, keyItemsUncapped: false }, strata, 'key')).toHaveLength(2);
  });

  it('refuses a ratio of 0 and a tier without a band', () => {
    expect(
      checkPlanStrata(
        OUTCOME,
        [
          { tier: 'A', ratio: 0 },
          { tier: 'E', ratio: 0.1 },
        ],
        'general',
      ).map((p) => p.path),
    ).toEqual(['strata[0].ratio', 'strata[1].tier']);
  });
});

describe('randomDrawEligibility', () => {
  const policy = {
    excludedFromRandomDraw: false,
    reasons: [],
    minIntervalDays: 90,
    annualCapPerAuthority: 4,
    noRepeatAfterHigherLevelCheck: 'P3M',
  };

  it('lets an enterprise with no recent inspections in', () => {
    expect(randomDrawEligibility(policy, { inspectionsThisYearByAuthority: 0 }, '2026-06-01')).toEqual({
      eligible: true,
      reasons: [],
    });
  });

  it('keeps the minimum interval: 89 days is too soon, 90 is not', () => {
    const soon = randomDrawEligibility(
      policy,
      { inspectionsThisYearByAuthority: 1, lastRandomInspectionOn: '2026-03-04' },
      '2026-06-01',
    );
    expect(soon.reasons.map((r) => r.code)).toEqual(['min_interval']);
    expect(
      randomDrawEligibility(
        policy,
        { inspectionsThisYearByAuthority: 1, lastRandomInspectionOn: '2026-03-03' },
        '2026-06-01',
      ).eligible,
    ).toBe(true);
  });

  it('stops at the annual cap and within 3 months of a higher-level check, with every reason', () => {
    const result = randomDrawEligibility(
      { ...policy, excludedFromRandomDraw: true, reasons: [{ rule: 'r', factor: 'f', reason: '观察期' }] },
      { inspectionsThisYearByAuthority: 4, lastHigherLevelCheckOn: '2026-03-02' },
      '2026-06-01',
    );
    expect(result.eligible).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual(['excluded', 'annual_cap', 'higher_level_check']);
    expect(result.reasons[0].message).toBe('观察期');
    // 2026-06-01 − P3M = 2026-03-01: a check on that day is outside the window.
    expect(
      randomDrawEligibility(
        policy,
        { inspectionsThisYearByAuthority: 0, lastHigherLevelCheckOn: '2026-03-01' },
        '2026-06-01',
      ).eligible,
    ).toBe(true);
  });

  it('refuses a malformed date', () => {
    expect(() => randomDrawEligibility(policy, { inspectionsThisYearByAuthority: 0 }, '2026-02-30')).toThrow(
      'planDate',
    );
  });
});
