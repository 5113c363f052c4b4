import type { FiredRule } from '../engine/fired-rule';
import type { LegalBasis, OverrideMode, TieringRuleSet } from './rule-set.types';

/**
 * From fired rules to a tier, with its explanation (DOMAIN.md §1). The score is the base plus the
 * points of every fired score event, and picks a tier by the thresholds. Overrides then apply, all
 * of them: a `set` replaces the scored tier (the worst, if several set different tiers), and every
 * `cap` makes the result at best its tier. So the tier is the worst of the set tiers (or, with no
 * set, the scored tier) and of every cap. An override wins over the score and the outcome says which.
 *
 * The result does not depend on the order the evaluator fired the rules in (json-rules-engine's
 * order within a priority is data-dependent): the explanation lists them in rule-set order.
 */

export interface ScoredFactor {
  rule: string;
  factor: string;
  points: number;
  reason: string;
  /** The rule's legal basis, when it has one. */
  basis?: LegalBasis;
}

export interface AppliedOverride {
  rule: string;
  factor: string;
  tier: string;
  mode: OverrideMode;
  reason: string;
  /** The rule's legal basis, when it has one. */
  basis?: LegalBasis;
}

export interface Outcome {
  tier: string;
  score: number;
  /** The tier the score alone gives. */
  scoredTier: string;
  fired: ScoredFactor[];
  overrides: AppliedOverride[];
  /** True when an override, not the score, decided the tier: a `set`, or a `cap` worse than the score. */
  overridden: boolean;
  /** The rule of the override that decided the tier; null when the score did. */
  decidedBy: string | null;
}

/** Thrown when fired rules do not fit the rule set: a programming error, never a data problem. */
export class OutcomeError extends Error {
  override readonly name = 'OutcomeError';
}

/** Tier ranks and rule positions, once per rule-set object (batch runs decide millions). */
const indexes = new WeakMap<object, { rank: Map<string, number>; order: Map<string, number> }>();

export function decideOutcome(ruleSet: TieringRuleSet, fired: readonly FiredRule[]): Outcome {
  const { base, tiers } = ruleSet.outcome;
  let index = indexes.get(ruleSet);
  if (!index) {
    index = {
      rank: new Map(tiers.map((t, i) => [t.tier, i])),
      order: new Map(ruleSet.rules.map((r, i) => [r.name, i])),
    };
    indexes.set(ruleSet, index);
  }
  const { rank, order } = index;
  const inRuleSetOrder = fired
    .map((rule) => ({ rule, index: indexOf(order, rule.name) }))
    .sort((a, b) => a.index - b.index);

  let score = base;
  const factors: ScoredFactor[] = [];
  const overrides: AppliedOverride[] = [];
  for (const {
    rule: { name, event },
    index: at,
  } of inRuleSetOrder) {
    const params = event.params ?? {};
    const basis = ruleSet.rules[at].basis;
    const factor = text(params.factor, name, 'factor');
    const reason = text(params.reason, name, 'reason');
    if (event.type === 'score') {
      const points = params.points;
      if (typeof points !== 'number' || !Number.isSafeInteger(points)) {
        throw new OutcomeError(`rule ${name}: points must be an integer, got ${String(points)}`);
      }
      score += points;
      factors.push(
        basis ? { rule: name, factor, points, reason, basis } : { rule: name, factor, points, reason },
      );
    } else if (event.type === 'override') {
      const { tier, mode } = params;
      if (typeof tier !== 'string' || !rank.has(tier))
        throw new OutcomeError(`rule ${name}: unknown tier ${String(tier)}`);
      if (mode !== 'set' && mode !== 'cap')
        throw new OutcomeError(`rule ${name}: unknown mode ${String(mode)}`);
      overrides.push(
        basis
          ? { rule: name, factor, tier, mode, reason, basis }
          : { rule: name, factor, tier, mode, reason },
      );
    } else {
      throw new OutcomeError(`rule ${name}: tiering has no ${JSON.stringify(event.type)} events`);
    }
  }
  if (!Number.isSafeInteger(score)) throw new OutcomeError(`score ${score} is out of the integer range`);

  const scoredTier = (tiers.find((t) => t.min !== null && score >= t.min) ?? tiers[tiers.length - 1]).tier;
  const worse = (a: string, b: string): string => (rank.get(b)! > rank.get(a)! ? b : a);
  const sets = overrides.filter((o) => o.mode === 'set');
  const caps = overrides.filter((o) => o.mode === 'cap');
  const start = sets.length > 0 ? sets.map((o) => o.tier).reduce(worse) : scoredTier;
  const tier = caps.map((o) => o.tier).reduce(worse, start);

  // A set always decides (it would set its tier whatever the score); a cap only when it bit, i.e.
  // was worse than what the score (or the sets) gave.
  const decisive = [...sets, ...caps.filter((o) => rank.get(o.tier)! > rank.get(start)!)];
  const decider = decisive.find((o) => o.tier === tier);
  return {
    tier,
    score,
    scoredTier,
    fired: factors,
    overrides,
    overridden: decider !== undefined,
    decidedBy: decider?.rule ?? null,
  };
}

function indexOf(order: ReadonlyMap<string, number>, name: string): number {
  const index = order.get(name);
  if (index === undefined)
    throw new OutcomeError(`fired rule ${JSON.stringify(name)} is not in the rule set`);
  return index;
}

function text(value: unknown, rule: string, key: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new OutcomeError(`rule ${rule}: event has no ${key}`);
  return value;
}
