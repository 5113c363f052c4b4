import { DomainError, ErrorCode, StratumSpec } from '@app/domain';
import type { Facts, FiredRule, RuleEvaluator } from '../engine/fired-rule';
import { FactsUnavailableError } from './evaluate-rule-set';
import { FactValue, resolveFacts } from './resolve-facts';
import type { FrequencyEventParams, FrequencyRuleSet, LegalBasis, RuleSetDocument } from './rule-set.types';
import { factsDigest } from './evaluate-rule-set';

/**
 * The inspection policy of one tier (and the enterprise or plan facts around it) under a frequency
 * rule set: the sampling ratio for general items, the target visits a year, the minimum interval,
 * whether random draws leave the enterprise out, and the rule set's caps.
 *
 * Several frequency events may fire (a tier's default and a sector minimum): each field takes the
 * value of the first event that sets it, in order of rule priority (highest first) and then of the
 * rules in the document — an order fixed by the document, whatever order the engine emits them in.
 */

export interface PolicyReason {
  rule: string;
  factor: string;
  reason: string;
  /** The rule's legal basis, when it has one. */
  basis?: LegalBasis;
}

export interface FrequencyPolicy {
  tier: string;
  ratio: number;
  visitsPerYear: number;
  minIntervalDays: number;
  /** Out of random draws (observation period…); triggered inspections still apply. */
  excludedFromRandomDraw: boolean;
  /** The rules that decided, in the order above (exclusions first when they fired). */
  reasons: PolicyReason[];
  keyItemsUncapped: boolean;
  annualCapPerAuthority: number;
  noRepeatAfterHigherLevelCheck: string;
  ruleSetVersion: string;
  /** Digest of the facts the rules saw (tier included). */
  inputDigest: string;
}

/** The rule set as a frequency one; validateRuleSet has checked the outcome's shape. */
export function asFrequencyRuleSet(ruleSet: RuleSetDocument): FrequencyRuleSet {
  if (ruleSet.kind !== 'frequency') {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `rule set ${ruleSet.version} is ${ruleSet.kind}, not frequency`,
    );
  }
  return ruleSet as unknown as FrequencyRuleSet;
}

/**
 * `facts` are the enterprise's (or, for a plan, the plan's: e.g. tags ['food'] for a food plan);
 * `tier` is given to every fact declared `from: "assessment.tier"`. `evaluator` must have been built
 * from `ruleSet.rules`.
 */
export async function evaluateFrequencyPolicy(
  ruleSet: FrequencyRuleSet,
  tier: string,
  facts: Facts,
  evaluator: RuleEvaluator,
): Promise<FrequencyPolicy> {
  const withTier: Record<string, unknown> = { ...facts };
  for (const [name, declaration] of Object.entries(ruleSet.facts)) {
    if (declaration.from === 'assessment.tier') withTier[name] = tier;
  }
  const resolved = resolveFacts(ruleSet, withTier);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  return decideFrequencyPolicy(ruleSet, tier, resolved.facts, await evaluator.evaluate(resolved.facts));
}

/**
 * The policy from the rules that fired for `facts` (resolved, tier included): the synchronous half
 * of evaluateFrequencyPolicy, for callers that evaluate with compiled rules (scenario tests).
 */
export function decideFrequencyPolicy(
  ruleSet: FrequencyRuleSet,
  tier: string,
  facts: Readonly<Record<string, FactValue>>,
  firedRules: readonly FiredRule[],
): FrequencyPolicy {
  const fired = inDocumentOrder(ruleSet, firedRules);
  const bases = new Map(ruleSet.rules.map((rule) => [rule.name, rule.basis]));

  const reasons: PolicyReason[] = [];
  let excluded = false;
  const values: Partial<Record<'ratio' | 'visitsPerYear' | 'minIntervalDays', number>> = {};
  for (const rule of fired) {
    const params = (rule.event.params ?? {}) as Partial<FrequencyEventParams>;
    const basis = bases.get(rule.name);
    const reason: PolicyReason = {
      rule: rule.name,
      factor: String(params.factor),
      reason: String(params.reason),
    };
    if (basis) reason.basis = basis;
    if (rule.event.type === 'exclude') {
      excluded = true;
      reasons.push(reason);
      continue;
    }
    if (rule.event.type !== 'frequency') continue;
    if (params.tier !== tier) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `frequency rule set ${ruleSet.version}: rule ${rule.name} fired for tier ${tier} but sets tier ${String(params.tier)}`,
      );
    }
    let decided = false;
    for (const key of ['ratio', 'visitsPerYear', 'minIntervalDays'] as const) {
      const value = params[key];
      if (value !== undefined && values[key] === undefined) {
        values[key] = value;
        decided = true;
      }
    }
    if (decided) reasons.push(reason);
  }
  const missing = (['ratio', 'visitsPerYear', 'minIntervalDays'] as const).filter(
    (k) => values[k] === undefined,
  );
  if (missing.length > 0) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `frequency rule set ${ruleSet.version} gives tier ${tier} no ${missing.join(', ')} for these facts`,
    );
  }
  return {
    tier,
    ratio: values.ratio!,
    visitsPerYear: values.visitsPerYear!,
    minIntervalDays: values.minIntervalDays!,
    excludedFromRandomDraw: excluded,
    reasons,
    keyItemsUncapped: ruleSet.outcome.keyItemsUncapped,
    annualCapPerAuthority: ruleSet.outcome.annualCapPerAuthority,
    noRepeatAfterHigherLevelCheck: ruleSet.outcome.noRepeatAfterHigherLevelCheck,
    ruleSetVersion: ruleSet.version,
    inputDigest: factsDigest(facts),
  };
}

/**
 * The strata of a plan from the rule set: every band's tier with its ratio for the plan's facts,
 * worst tier first (the reverse of the bands, which go best first), so that when inspectors run
 * short the riskiest enterprises are served first. Override a ratio by editing the result.
 */
export async function samplingStrata(
  ruleSet: FrequencyRuleSet,
  planFacts: Facts,
  evaluator: RuleEvaluator,
): Promise<{ strata: StratumSpec[]; policies: FrequencyPolicy[] }> {
  const policies: FrequencyPolicy[] = [];
  for (const band of [...ruleSet.outcome.bands].reverse()) {
    policies.push(await evaluateFrequencyPolicy(ruleSet, band.tier, planFacts, evaluator));
  }
  return { strata: policies.map((p) => ({ tier: p.tier, ratio: p.ratio })), policies };
}

function inDocumentOrder(ruleSet: FrequencyRuleSet, fired: readonly FiredRule[]): FiredRule[] {
  const index = new Map(ruleSet.rules.map((rule, i) => [rule.name, i]));
  const priority = (rule: FiredRule): number => ruleSet.rules[index.get(rule.name) ?? 0]?.priority ?? 1;
  return [...fired].sort(
    (a, b) => priority(b) - priority(a) || (index.get(a.name) ?? 0) - (index.get(b.name) ?? 0),
  );
}
