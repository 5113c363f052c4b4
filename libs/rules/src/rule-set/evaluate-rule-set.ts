import { canonicalJson, DomainError, ErrorCode, sha256Hex } from '@app/domain';
import type { Facts, RuleEvaluator } from '../engine/fired-rule';
import { FactProblem, resolveFacts } from './resolve-facts';
import type { RuleSetDocument, RuleSetKind } from './rule-set.types';
import { decideOutcome, Outcome } from './tier-outcome';

/**
 * One enterprise's tier under one rule-set version. The result carries the version and a digest of
 * the facts the rules saw (declared facts only, defaults applied), so the same facts and version
 * always give the same result, and a stored assessment can be re-checked later.
 */

export interface RuleSetEvaluation extends Outcome {
  inputDigest: string;
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
  if (ruleSet.kind !== 'tiering') {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `rule set ${ruleSet.kind} ${ruleSet.version}: only tiering outcomes can be decided so far`,
    );
  }
  const resolved = resolveFacts(ruleSet, facts);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  const fired = await evaluator.evaluate(resolved.facts);
  return {
    ...decideOutcome(ruleSet, fired),
    inputDigest: sha256Hex(canonicalJson(resolved.facts)),
    ruleSetVersion: ruleSet.version,
    ruleSetKind: ruleSet.kind,
  };
}
