import type { Facts, FiredRule, RuleEvaluator } from '../engine/fired-rule';
import { parseFactPath, resolveFactPath } from '../engine/fact-path.parser';
import { compileOperator, type CompiledOperator } from '../engine/operator.compiler';
import { compileRules } from '../engine/rule.compiler';
import { FactsUnavailableError } from '../rule-set/evaluate-rule-set';
import { isRecord } from '../rule-set/json-guards.util';
import { formatPath, type PathSegment } from '../rule-set/problem-path.util';
import { resolveFacts, type FactValue } from '../rule-set/resolve-facts';
import type { LegalBasis, RuleDocument, RuleSetDocument, TieringRuleSet } from '../rule-set/rule-set.types';
import { decideOutcome } from '../rule-set/tier-outcome';

/**
 * Why not (issue 12, point 8): for every rule that did not fire, the first condition that failed —
 * the fact, its value as the rules saw it, the operator and the threshold, and a line such as
 * `general_penalties_3y = 0, needs ≥ 1` — and, for tiering, how far the score is from every tier's
 * band. Fired rules are listed too, each with its legal basis, so one explanation reads whole.
 *
 * Conditions are re-read with the same operators the compiled evaluator uses (json-rules-engine's
 * semantics, operator.compiler.ts) on the resolved facts: an `all` fails at its first failing
 * condition in document order, an `any` when every branch fails (the first branch's failure is
 * reported), a `not` when what it negates holds. Which rules fired comes from the evaluation given,
 * or from the compiled evaluator; a property test holds the two readings together against
 * json-rules-engine.
 */

export interface FailedCondition {
  /** Where in the rule, e.g. `conditions.all[1]`. */
  path: string;
  /** The fact compared (absent for a failed `not`). */
  fact?: string;
  operator?: string;
  /** The fact's value as the rules saw it (dates as days since 1970-01-01). */
  value?: unknown;
  /** What it was compared with: the condition's value, or the other fact's value. */
  threshold?: unknown;
  /** Set when the threshold is another fact. */
  thresholdFact?: string;
  /** e.g. `general_penalties_3y = 0, needs ≥ 1`. */
  text: string;
}

export interface RuleReference {
  rule: string;
  /** The event's type, factor and reason, and points for a score. */
  event: { type: string; factor?: string; reason?: string; points?: number; tier?: string };
  basis?: LegalBasis;
}

export interface NotFiredRule extends RuleReference {
  /** The first condition that failed; null only if the conditions hold yet the rule did not fire. */
  failed: FailedCondition | null;
  /** `rule: reason`, e.g. `general-penalty: general_penalties_3y = 0, needs ≥ 1`. */
  text: string;
}

export interface TierDistance {
  tier: string;
  /** Lowest score of the band (null: no lower bound) and highest (null: no upper bound). */
  min: number | null;
  max: number | null;
  /** Points to gain (> 0) or lose (< 0) to reach the band; 0 inside it. */
  pointsNeeded: number;
  /** A fired override that keeps the result away from this tier whatever the score. */
  blockedBy?: string;
  text: string;
}

export interface WhyNotExplanation {
  ruleSetKind: string;
  ruleSetVersion: string;
  fired: RuleReference[];
  notFired: NotFiredRule[];
  /** Tiering only: the score, the tier, and the distance to every band (best first). */
  score?: number;
  tier?: string;
  tiers?: TierDistance[];
}

/** What an evaluation says fired: a tiering evaluation as it is, or the fired rule names. */
export type EvaluationLike =
  | { fired: readonly { rule: string }[]; overrides: readonly { rule: string }[]; score?: number }
  | { firedRules: readonly string[] };

export function explainWhyNot(
  ruleSet: RuleSetDocument,
  facts: Facts,
  evaluation?: EvaluationLike,
): WhyNotExplanation {
  const resolved = resolveFacts(ruleSet, facts);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  const seen = resolved.facts;
  const firedRules = evaluation ? firedNames(evaluation) : evaluate(ruleSet, seen).map((rule) => rule.name);
  const fired = new Set(firedRules);
  const types = typesOf(ruleSet);

  const explanation: WhyNotExplanation = {
    ruleSetKind: ruleSet.kind,
    ruleSetVersion: ruleSet.version,
    fired: ruleSet.rules.filter((rule) => fired.has(rule.name)).map(reference),
    notFired: ruleSet.rules
      .filter((rule) => !fired.has(rule.name))
      .map((rule) => {
        const result = check(rule.conditions, ['conditions'], seen, types);
        const failed = result.holds ? null : result.failed;
        const text = failed ? failed.text : 'its conditions hold for these facts, yet it did not fire';
        return { ...reference(rule), failed, text: `${rule.name}: ${text}` };
      }),
  };
  if (ruleSet.kind === 'tiering') Object.assign(explanation, tierDistances(ruleSet, firedRules, evaluation));
  return explanation;
}

function firedNames(evaluation: EvaluationLike): string[] {
  if ('firedRules' in evaluation) return [...evaluation.firedRules];
  return [...evaluation.fired.map((f) => f.rule), ...evaluation.overrides.map((o) => o.rule)];
}

/** Declared fact types, once per document object. */
const factTypes = new WeakMap<object, ReadonlyMap<string, string>>();

function typesOf(ruleSet: RuleSetDocument): ReadonlyMap<string, string> {
  let types = factTypes.get(ruleSet);
  if (!types) {
    types = new Map(Object.entries(ruleSet.facts).map(([name, d]) => [name, d.type]));
    factTypes.set(ruleSet, types);
  }
  return types;
}

/** The compiled evaluator of a rule set, once per document object. */
const evaluators = new WeakMap<object, RuleEvaluator>();

function evaluate(ruleSet: RuleSetDocument, facts: Readonly<Record<string, FactValue>>): FiredRule[] {
  let evaluator = evaluators.get(ruleSet);
  if (!evaluator) {
    const compiled = compileRules(ruleSet.rules);
    if (compiled.unsupported.length > 0) {
      throw new Error(`explainWhyNot needs compiled rules: ${compiled.unsupported.join('; ')}`);
    }
    evaluator = compiled.evaluator;
    evaluators.set(ruleSet, evaluator);
  }
  return evaluator.evaluate(facts) as FiredRule[];
}

function reference(rule: RuleDocument): RuleReference {
  const p = rule.event.params;
  const event: RuleReference['event'] = { type: rule.event.type, factor: p.factor, reason: p.reason };
  if (typeof p.points === 'number') event.points = p.points;
  if (typeof p.tier === 'string') event.tier = p.tier;
  return rule.basis ? { rule: rule.name, event, basis: rule.basis } : { rule: rule.name, event };
}

type Check = { holds: true } | { holds: false; failed: FailedCondition };

const operators = new Map<string, CompiledOperator | undefined>();

function operatorOf(name: string): CompiledOperator | undefined {
  if (!operators.has(name)) operators.set(name, compileOperator(name));
  return operators.get(name);
}

function check(
  node: unknown,
  at: PathSegment[],
  facts: Readonly<Record<string, FactValue>>,
  types: ReadonlyMap<string, string>,
): Check {
  if (!isRecord(node)) return fail(at, 'not a condition');
  if (Array.isArray(node.all)) {
    for (let i = 0; i < node.all.length; i++) {
      const result = check(node.all[i], [...at, 'all', i], facts, types);
      if (!result.holds) return result;
    }
    return { holds: true };
  }
  if (Array.isArray(node.any)) {
    let first: Check | undefined;
    for (let i = 0; i < node.any.length; i++) {
      const result = check(node.any[i], [...at, 'any', i], facts, types);
      if (result.holds) return result;
      first ??= result;
    }
    // json-rules-engine: an empty any holds, like an empty all.
    return first ?? { holds: true };
  }
  if (node.not !== undefined) {
    const inner = check(node.not, [...at, 'not'], facts, types);
    if (!inner.holds) return { holds: true };
    return { holds: false, failed: negationHolds(node.not, [...at, 'not'], facts, types) };
  }
  return checkFact(node, at, facts, types);
}

function checkFact(
  node: Record<string, unknown>,
  at: PathSegment[],
  facts: Readonly<Record<string, FactValue>>,
  types: ReadonlyMap<string, string>,
): Check {
  const { fact, operator } = node;
  if (typeof fact !== 'string' || typeof operator !== 'string') return fail(at, 'not a fact condition');
  const op = operatorOf(operator);
  if (!op) return fail(at, `unknown operator ${operator}`);
  const value = read(facts, fact, node.path);
  const other = isRecord(node.value) && typeof node.value.fact === 'string' ? node.value : undefined;
  const threshold = other ? read(facts, other.fact as string, other.path) : node.value;
  let holds: boolean;
  try {
    holds = op.evaluate(value, threshold);
  } catch {
    holds = false; // json-rules-engine rejects the whole run; the rule certainly did not fire
  }
  if (holds) return { holds: true };
  const type = types.get(fact);
  const wanted = other
    ? `${symbol(operator)} ${String(other.fact)} (${show(threshold, types.get(String(other.fact)))})`
    : `${symbol(operator)} ${show(threshold, type)}`;
  const failed: FailedCondition = {
    path: formatPath(at),
    fact,
    operator,
    value,
    threshold,
    text: `${fact}${typeof node.path === 'string' ? node.path.slice(1) : ''} = ${show(value, type)}, needs ${wanted}`,
  };
  if (other) failed.thresholdFact = String(other.fact);
  return { holds: false, failed };
}

function read(facts: Readonly<Record<string, FactValue>>, name: string, path: unknown): unknown {
  const value = Object.prototype.hasOwnProperty.call(facts, name) ? facts[name] : undefined;
  if (typeof path !== 'string' || value === null || typeof value !== 'object') return value;
  const parsed = parseFactPath(path);
  return parsed ? resolveFactPath(value, parsed) : undefined;
}

function fail(at: PathSegment[], text: string): Check {
  return { holds: false, failed: { path: formatPath(at), text } };
}

const SYMBOLS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: 'one of',
  notIn: 'none of',
  contains: 'to contain',
  doesNotContain: 'not to contain',
};

/** `≥`, `one of`, or with decorators `not: one of`, `someFact: =`. */
function symbol(operator: string): string {
  const parts = operator.split(':');
  const base = parts.pop() as string;
  return [...parts.map((d) => `${d}:`), SYMBOLS[base] ?? base].join(' ');
}

/** A `not` fails when what it negates holds: a single condition reads `x = 1, needs not = 1`. */
function negationHolds(
  inner: unknown,
  at: PathSegment[],
  facts: Readonly<Record<string, FactValue>>,
  types: ReadonlyMap<string, string>,
): FailedCondition {
  const path = formatPath(at);
  if (!isRecord(inner) || typeof inner.fact !== 'string' || typeof inner.operator !== 'string') {
    return { path, text: 'the conditions under not hold, needs them not to' };
  }
  const value = read(facts, inner.fact, inner.path);
  const other = isRecord(inner.value) && typeof inner.value.fact === 'string' ? inner.value : undefined;
  const threshold = other ? read(facts, other.fact as string, other.path) : inner.value;
  const type = types.get(inner.fact);
  const wanted = other
    ? `${String(other.fact)} (${show(threshold, types.get(String(other.fact)))})`
    : show(threshold, type);
  const failed: FailedCondition = {
    path,
    fact: inner.fact,
    operator: `not:${inner.operator}`,
    value,
    threshold,
    text: `${inner.fact} = ${show(value, type)}, needs not ${symbol(inner.operator)} ${wanted}`,
  };
  if (other) failed.thresholdFact = String(other.fact);
  return failed;
}

const DAY_MS = 86_400_000;

/** A value as people read it: dates as YYYY-MM-DD, strings quoted, lists as JSON. */
function show(value: unknown, type: string | undefined): string {
  if (type === 'date' && typeof value === 'number' && Number.isSafeInteger(value)) {
    return new Date(value * DAY_MS).toISOString().slice(0, 10);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'missing';
  return JSON.stringify(value);
}

function tierDistances(
  ruleSet: TieringRuleSet,
  firedRules: readonly string[],
  evaluation: EvaluationLike | undefined,
): Pick<WhyNotExplanation, 'score' | 'tier' | 'tiers'> {
  const byName = new Map(ruleSet.rules.map((rule) => [rule.name, rule]));
  const fired: FiredRule[] = firedRules
    .map((name) => byName.get(name))
    .filter((rule) => rule !== undefined)
    .map((rule) => ({ name: rule.name, priority: rule.priority ?? 1, event: rule.event }));
  const outcome = decideOutcome(ruleSet, fired);
  const score =
    evaluation && 'score' in evaluation && typeof evaluation.score === 'number'
      ? evaluation.score
      : outcome.score;
  const { tiers } = ruleSet.outcome;
  const rank = new Map(tiers.map((t, i) => [t.tier, i]));
  const sets = outcome.overrides.filter((o) => o.mode === 'set');
  const worstCap = outcome.overrides
    .filter((o) => o.mode === 'cap')
    .reduce<(typeof outcome.overrides)[number] | undefined>(
      (worst, o) => (!worst || rank.get(o.tier)! > rank.get(worst.tier)! ? o : worst),
      undefined,
    );
  return {
    score,
    tier: outcome.tier,
    tiers: tiers.map((band, i) => {
      const min = band.min;
      const max = i === 0 ? null : (tiers[i - 1].min as number) - 1;
      const pointsNeeded =
        min !== null && score < min ? min - score : max !== null && score > max ? max - score : 0;
      const range = min === null ? `up to ${max}` : max === null ? `from ${min}` : `${min} to ${max}`;
      const where =
        pointsNeeded > 0
          ? `${pointsNeeded} points short`
          : pointsNeeded < 0
            ? `${-pointsNeeded} points too many`
            : 'within the band';
      const distance: TierDistance = {
        tier: band.tier,
        min,
        max,
        pointsNeeded,
        text: `${band.tier}: ${where} (score ${score}, ${band.tier} ${range})`,
      };
      // With a set the result is fixed whatever the score; with only caps, every tier better than
      // the worst cap is out of reach.
      const blocker =
        sets.length > 0
          ? band.tier !== outcome.tier
            ? outcome.overrides.find((o) => o.rule === outcome.decidedBy)
            : undefined
          : worstCap && rank.get(worstCap.tier)! > i
            ? worstCap
            : undefined;
      if (blocker) {
        distance.blockedBy = blocker.rule;
        distance.text += `; ${blocker.rule} (${blocker.mode} ${blocker.tier}) keeps the result from ${band.tier} whatever the score`;
      }
      return distance;
    }),
  };
}
