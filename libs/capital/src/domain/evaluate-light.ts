import { factsDigest, FactsUnavailableError, resolveFacts, RuleEvaluator, RuleSetDocument } from '@app/rules';
import { decideLight, FiredLightRule } from './decide-light';
import { Light } from './investment-event.types';
import { LightAttributes } from './light-facts';

export interface LightEvaluation {
  light: Light;
  fired: FiredLightRule[];
  /** The facts the rules saw, by their names in the rule set. */
  facts: Record<string, unknown>;
  ruleSetVersion: string;
  inputDigest: string;
}

/**
 * An event's light under one investment-light rule set: the attributes (event.*, group.*) are given
 * to the facts that copy them (`from`), the rules run, the highest light that fired wins.
 */
export async function evaluateLight(
  ruleSet: RuleSetDocument,
  evaluator: RuleEvaluator,
  attributes: LightAttributes,
): Promise<LightEvaluation> {
  const raw: Record<string, unknown> = {};
  for (const [name, declaration] of Object.entries(ruleSet.facts)) {
    if (declaration.from !== undefined && declaration.from in attributes)
      raw[name] = attributes[declaration.from];
  }
  const resolved = resolveFacts(ruleSet, raw);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  const fired = await evaluator.evaluate(resolved.facts);
  const decided = decideLight(ruleSet, resolved.facts, fired);
  return {
    light: decided.light,
    fired: decided.fired,
    facts: { ...resolved.facts },
    ruleSetVersion: ruleSet.version,
    inputDigest: factsDigest(resolved.facts),
  };
}

/** The lightweight knobs of the rule set's outcome (validated by the rules lib). */
export function lightOutcomeOf(ruleSet: RuleSetDocument): {
  serialWindow: string;
  quietPeriod: string;
  controlStakePercent: number;
} {
  const o = (ruleSet as unknown as { outcome: Record<string, unknown> }).outcome;
  return {
    serialWindow: String(o.serialWindow),
    quietPeriod: String(o.quietPeriod),
    controlStakePercent: Number(o.controlStakePercent),
  };
}
