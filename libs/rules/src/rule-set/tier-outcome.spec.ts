import fc from 'fast-check';
import type { FiredRule } from '../engine/fired-rule';
import type { RuleDocument, TieringRuleSet, TierThreshold } from './rule-set.types';
import { decideOutcome, OutcomeError } from './tier-outcome';

const A_TO_D: TierThreshold[] = [
  { tier: 'A', min: 90 },
  { tier: 'B', min: 70 },
  { tier: 'C', min: 50 },
  { tier: 'D', min: null },
];

const RULE_NAMES = ['s1', 's2', 's3', 'o1', 'o2', 'o3'];

/** decideOutcome reads the rule names (for order) and the outcome; the conditions do not matter. */
function ruleSet(tiers: TierThreshold[] = A_TO_D, base = 100): TieringRuleSet {
  const rules: RuleDocument[] = RULE_NAMES.map((name) => ({
    name,
    conditions: { all: [] },
    event: { type: 'score', params: { points: 0, factor: name, reason: name } },
  }));
  return {
    kind: 'tiering',
    version: 't',
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    facts: {},
    rules,
    outcome: { base, tiers },
  };
}

const score = (name: string, points: number): FiredRule => ({
  name,
  priority: 1,
  event: { type: 'score', params: { points, factor: `f-${name}`, reason: `r-${name}` } },
});
const override = (name: string, tier: string, mode: 'set' | 'cap'): FiredRule => ({
  name,
  priority: 1,
  event: { type: 'override', params: { tier, mode, factor: `f-${name}`, reason: `r-${name}` } },
});

describe('decideOutcome', () => {
  it('gives the base score and its tier when nothing fired', () => {
    expect(decideOutcome(ruleSet(), [])).toEqual({
      tier: 'A',
      score: 100,
      scoredTier: 'A',
      fired: [],
      overrides: [],
      overridden: false,
      decidedBy: null,
    });
  });

  it.each([
    [0, 'A'],
    [-10, 'A'],
    [-11, 'B'],
    [-30, 'B'],
    [-31, 'C'],
    [-50, 'C'],
    [-51, 'D'],
    [-500, 'D'],
    [25, 'A'],
  ])(
    'puts base 100 %i points in tier %s (min is inclusive, the last tier catches the rest)',
    (points, tier) => {
      const outcome = decideOutcome(ruleSet(), [score('s1', points)]);
      expect(outcome.score).toBe(100 + points);
      expect(outcome.tier).toBe(tier);
      expect(outcome.scoredTier).toBe(tier);
    },
  );

  it('adds up the points of every score event and explains each, in rule-set order', () => {
    const outcome = decideOutcome(ruleSet(), [score('s3', 2), score('s1', -15), score('s2', -10)]);
    expect(outcome.score).toBe(77);
    expect(outcome.tier).toBe('B');
    expect(outcome.fired).toEqual([
      { rule: 's1', factor: 'f-s1', points: -15, reason: 'r-s1' },
      { rule: 's2', factor: 'f-s2', points: -10, reason: 'r-s2' },
      { rule: 's3', factor: 'f-s3', points: 2, reason: 'r-s3' },
    ]);
  });

  describe('overrides', () => {
    it('lets a cap worse than the scored tier decide', () => {
      const outcome = decideOutcome(ruleSet(), [score('s1', -5), override('o1', 'C', 'cap')]);
      expect(outcome).toMatchObject({
        tier: 'C',
        score: 95,
        scoredTier: 'A',
        overridden: true,
        decidedBy: 'o1',
      });
      expect(outcome.overrides).toEqual([
        { rule: 'o1', factor: 'f-o1', tier: 'C', mode: 'cap', reason: 'r-o1' },
      ]);
    });

    it('leaves a worse scored tier alone under a cap: at best C means C or worse', () => {
      const outcome = decideOutcome(ruleSet(), [score('s1', -60), override('o1', 'C', 'cap')]);
      expect(outcome).toMatchObject({ tier: 'D', scoredTier: 'D', overridden: false, decidedBy: null });
      expect(outcome.overrides).toHaveLength(1);
    });

    it('applies the worst of several caps', () => {
      const outcome = decideOutcome(ruleSet(), [override('o1', 'B', 'cap'), override('o2', 'C', 'cap')]);
      expect(outcome).toMatchObject({ tier: 'C', overridden: true, decidedBy: 'o2' });
    });

    it('lets a set decide whatever the score, even when it equals the scored tier', () => {
      const outcome = decideOutcome(ruleSet(), [score('s1', -70), override('o1', 'D', 'set')]);
      expect(outcome).toMatchObject({ tier: 'D', scoredTier: 'D', overridden: true, decidedBy: 'o1' });
    });

    it('lets a set give a better tier than the score: set means exactly this tier', () => {
      const outcome = decideOutcome(ruleSet(), [score('s1', -70), override('o1', 'B', 'set')]);
      expect(outcome).toMatchObject({ tier: 'B', scoredTier: 'D', overridden: true, decidedBy: 'o1' });
    });

    it('takes the worst of several sets', () => {
      const outcome = decideOutcome(ruleSet(), [override('o2', 'D', 'set'), override('o1', 'C', 'set')]);
      expect(outcome).toMatchObject({ tier: 'D', overridden: true, decidedBy: 'o2' });
      expect(outcome.overrides.map((o) => o.rule)).toEqual(['o1', 'o2']);
    });

    it('applies caps after sets: a set B under a cap C gives C, decided by the cap', () => {
      const outcome = decideOutcome(ruleSet(), [override('o1', 'B', 'set'), override('o2', 'C', 'cap')]);
      expect(outcome).toMatchObject({ tier: 'C', scoredTier: 'A', overridden: true, decidedBy: 'o2' });
    });

    it('keeps a set D over a cap C: the worst wins, decided by the set', () => {
      const outcome = decideOutcome(ruleSet(), [override('o2', 'C', 'cap'), override('o1', 'D', 'set')]);
      expect(outcome).toMatchObject({ tier: 'D', overridden: true, decidedBy: 'o1' });
    });
  });

  it('works with five tiers, A to E, and a different base', () => {
    const tiers: TierThreshold[] = [
      { tier: 'A', min: 85 },
      { tier: 'B', min: 70 },
      { tier: 'C', min: 55 },
      { tier: 'D', min: 40 },
      { tier: 'E', min: null },
    ];
    expect(decideOutcome(ruleSet(tiers, 120), [score('s1', -35)]).tier).toBe('A');
    expect(decideOutcome(ruleSet(tiers, 120), [score('s1', -66)]).tier).toBe('D');
    expect(decideOutcome(ruleSet(tiers, 120), [score('s1', -81)]).tier).toBe('E');
    expect(decideOutcome(ruleSet(tiers, 120), [override('o1', 'E', 'cap')]).tier).toBe('E');
    expect(decideOutcome(ruleSet(tiers, 120), [override('o1', 'D', 'cap')]).tier).toBe('D');
  });

  it('refuses non-integer points, unknown tiers, unknown events and rules that are not in the rule set', () => {
    expect(() => decideOutcome(ruleSet(), [score('s1', 1.5)])).toThrow(OutcomeError);
    expect(() => decideOutcome(ruleSet(), [override('o1', 'Z', 'cap')])).toThrow('rule o1: unknown tier Z');
    expect(() =>
      decideOutcome(ruleSet(), [
        { name: 's1', priority: 1, event: { type: 'bonus', params: { factor: 'f', reason: 'r' } } },
      ]),
    ).toThrow('rule s1: tiering has no "bonus" events');
    expect(() => decideOutcome(ruleSet(), [score('nope', 1)])).toThrow(
      'fired rule "nope" is not in the rule set',
    );
    expect(() =>
      decideOutcome(ruleSet(), [
        { name: 's1', priority: 1, event: { type: 'score', params: { points: 1 } } },
      ]),
    ).toThrow('rule s1: event has no factor');
  });

  describe('properties', () => {
    const rank = (tier: string): number => A_TO_D.findIndex((t) => t.tier === tier);
    const fired = fc
      .tuple(
        fc
          .subarray(['s1', 's2', 's3'])
          .chain((names) =>
            fc.tuple(...names.map((name) => fc.integer({ min: -60, max: 20 }).map((p) => score(name, p)))),
          ),
        fc
          .subarray(['o1', 'o2', 'o3'])
          .chain((names) =>
            fc.tuple(
              ...names.map((name) =>
                fc
                  .tuple(fc.constantFrom('A', 'B', 'C', 'D'), fc.constantFrom<'set' | 'cap'>('set', 'cap'))
                  .map(([tier, mode]) => override(name, tier, mode)),
              ),
            ),
          ),
      )
      .chain(([scores, overrides]) =>
        fc.shuffledSubarray([...scores, ...overrides], { minLength: scores.length + overrides.length }),
      );

    it('never gives a tier better than a cap, equals the worst set without caps, and ignores firing order', () => {
      fc.assert(
        fc.property(fired, (rules) => {
          const outcome = decideOutcome(ruleSet(), rules);
          const reversed = decideOutcome(ruleSet(), [...rules].reverse());
          expect(reversed).toEqual(outcome);
          expect(Number.isSafeInteger(outcome.score)).toBe(true);
          const points = rules.reduce(
            (sum, r) => sum + (r.event.type === 'score' ? (r.event.params!.points as number) : 0),
            0,
          );
          expect(outcome.score).toBe(100 + points);
          const overrides = rules.filter((r) => r.event.type === 'override').map((r) => r.event.params!);
          for (const cap of overrides.filter((o) => o.mode === 'cap')) {
            expect(rank(outcome.tier)).toBeGreaterThanOrEqual(rank(cap.tier as string));
          }
          const sets = overrides.filter((o) => o.mode === 'set').map((o) => rank(o.tier as string));
          if (overrides.length === 0) expect(outcome.tier).toBe(outcome.scoredTier);
          if (sets.length > 0 && sets.length === overrides.length)
            expect(rank(outcome.tier)).toBe(Math.max(...sets));
          expect(outcome.overridden).toBe(outcome.decidedBy !== null);
          if (!outcome.overridden) expect(outcome.tier).toBe(outcome.scoredTier);
        }),
      );
    });
  });
});
