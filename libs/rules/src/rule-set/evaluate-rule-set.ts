import { DomainError, ErrorCode, sha256Hex } from '@app/domain';
import type { Facts, FiredRule, RuleEvaluator } from '../engine/fired-rule';
import { FactProblem, FactValue, resolveFacts } from './resolve-facts';
import type { RuleSetDocument, RuleSetKind, TieringRuleSet } from './rule-set.types';
import { decideOutcome, Outcome } from './tier-outcome';

/**
 * One enterprise's tier under one rule-set version. The result carries the version and a digest of
 * the facts the rules saw (declared facts only, defaults applied), so the same facts and version
 * always give the same result, and a stored assessment can be re-checked later.
 */

export interface RuleSetEvaluation extends Outcome {
  inputDigest: string;
  /** The facts the rules saw as canonical JSON (what `inputDigest` digests): stored as they are. */
  inputFacts: string;
  ruleSetVersion: string;
  ruleSetKind: RuleSetKind;
}

/** The enterprise's facts do not fit the rule set: its assessment fails with these reasons. */
export class FactsUnavailableError extends DomainError {
  constructor(
    readonly ruleSetVersion: string,
    readonly problems: FactProblem[],
  ) {
    super(
      ErrorCode.ValidationFailed,
      `facts cannot be evaluated under rule set ${ruleSetVersion}: ${problems.map((p) => `${p.fact} ${p.message}`).join('; ')}`,
      problems.map((p) => ({ path: `facts.${p.fact}`, message: p.message })),
    );
    this.name = 'FactsUnavailableError';
  }
}

/** `evaluator` must have been built from `ruleSet.rules` (reference or compiled, same meaning). */
export async function evaluateRuleSet(
  ruleSet: RuleSetDocument,
  facts: Facts,
  evaluator: RuleEvaluator,
): Promise<RuleSetEvaluation> {
  const resolved = prepare(ruleSet, facts);
  return conclude(ruleSet as TieringRuleSet, resolved, await evaluator.evaluate(resolved));
}

/**
 * The same, without a promise per enterprise, for batch runs with compiled rules (which answer
 * synchronously); an evaluator that answers with a promise (json-rules-engine) is refused.
 */
export function evaluateRuleSetSync(
  ruleSet: RuleSetDocument,
  facts: Facts,
  evaluator: RuleEvaluator,
): RuleSetEvaluation {
  const resolved = prepare(ruleSet, facts);
  const fired = evaluator.evaluate(resolved);
  if (fired instanceof Promise) {
    void fired.catch(() => undefined);
    throw new Error(`evaluateRuleSetSync needs a synchronous (compiled) evaluator, got ${evaluator.kind}`);
  }
  return conclude(ruleSet as TieringRuleSet, resolved, fired);
}

function prepare(ruleSet: RuleSetDocument, facts: Facts): Readonly<Record<string, FactValue>> {
  if (ruleSet.kind !== 'tiering') {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `rule set ${ruleSet.kind} ${ruleSet.version}: only tiering outcomes can be decided so far`,
    );
  }
  const resolved = resolveFacts(ruleSet, facts);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  return resolved.facts;
}

function conclude(
  ruleSet: TieringRuleSet,
  facts: Readonly<Record<string, FactValue>>,
  fired: FiredRule[],
): RuleSetEvaluation {
  const inputFacts = canonicalFactsJson(facts);
  const outcome = decideOutcome(ruleSet, fired);
  // Written out rather than spread: batch runs conclude a million of these.
  return {
    tier: outcome.tier,
    score: outcome.score,
    scoredTier: outcome.scoredTier,
    fired: outcome.fired,
    overrides: outcome.overrides,
    overridden: outcome.overridden,
    decidedBy: outcome.decidedBy,
    inputDigest: sha256Hex(inputFacts),
    inputFacts,
    ruleSetVersion: ruleSet.version,
    ruleSetKind: ruleSet.kind,
  };
}

/**
 * sha-256 of the canonical JSON of resolved facts. resolveFacts inserts the keys in sorted order
 * and every value is a scalar or a list of strings, so plain JSON.stringify already is the
 * canonical form (a test holds the two equal); it avoids a deep copy per enterprise.
 */
export function factsDigest(facts: Readonly<Record<string, FactValue>>): string {
  return sha256Hex(canonicalFactsJson(facts));
}

function canonicalFactsJson(facts: Readonly<Record<string, FactValue>>): string {
  return JSON.stringify(facts);
}
