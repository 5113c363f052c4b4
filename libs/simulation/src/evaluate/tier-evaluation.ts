import {
  compileRules,
  evaluateRuleSet,
  evaluateRuleSetSync,
  explainWhyNot,
  FactDeclaration,
  FactsUnavailableError,
  RuleEvaluator,
  RuleSetDocument,
  RuleSetEvaluation,
  WhyNotExplanation,
} from '@app/rules';

/** What an author reads for one enterprise under one version: the tier and the rules that made it. */
export interface Explanation {
  version: string;
  tier: string | null;
  score: number | null;
  scoredTier: string | null;
  decidedBy: string | null;
  fired: { rule: string; factor: string; points: number; reason: string }[];
  overrides: { rule: string; factor: string; tier: string; mode: string; reason: string }[];
  /** The facts the rules saw. */
  facts: Record<string, unknown>;
  /** Why the version could not evaluate the enterprise (facts missing without a default). */
  failure: string | null;
  /**
   * Why not (issue #12 point 8): every rule that did not fire with its first failing condition,
   * and the distance to every tier's band; absent when the version could not evaluate.
   */
  whyNot?: WhyNotExplanation;
}

/** A version's compiled evaluator, built once per process and document. */
const evaluators = new WeakMap<object, RuleEvaluator>();

export function evaluatorOf(ruleSet: { rules: readonly unknown[] }): RuleEvaluator {
  let evaluator = evaluators.get(ruleSet);
  if (!evaluator) {
    evaluator = compileRules([...ruleSet.rules]).evaluator;
    evaluators.set(ruleSet, evaluator);
  }
  return evaluator;
}

/** One enterprise's tier under a tiering version; bad facts give the reason, never an exception. */
export async function evaluateTier(
  ruleSet: RuleSetDocument,
  facts: Record<string, unknown>,
): Promise<{ evaluation: RuleSetEvaluation; failure: null } | { evaluation: null; failure: string }> {
  const evaluator = evaluatorOf(ruleSet);
  try {
    const evaluation =
      evaluator.kind === 'compiled'
        ? evaluateRuleSetSync(ruleSet, facts, evaluator)
        : await evaluateRuleSet(ruleSet, facts, evaluator);
    return { evaluation, failure: null };
  } catch (error) {
    if (!(error instanceof FactsUnavailableError)) throw error;
    return { evaluation: null, failure: error.message };
  }
}

/** The explanation of an evaluation (built for the enterprises an author reads, not for all). */
export function explanationOf(ruleSet: RuleSetDocument, evaluation: RuleSetEvaluation): Explanation {
  const facts = JSON.parse(evaluation.inputFacts) as Record<string, unknown>;
  return {
    version: ruleSet.version,
    tier: evaluation.tier,
    score: evaluation.score,
    scoredTier: evaluation.scoredTier,
    decidedBy: evaluation.decidedBy,
    fired: evaluation.fired,
    overrides: evaluation.overrides,
    facts,
    failure: null,
    whyNot: explainWhyNot(ruleSet, facts, evaluation),
  };
}

export function failedExplanation(
  ruleSet: RuleSetDocument,
  facts: Record<string, unknown>,
  failure: string,
): Explanation {
  return {
    version: ruleSet.version,
    tier: null,
    score: null,
    scoredTier: null,
    decidedBy: null,
    fired: [],
    overrides: [],
    facts,
    failure,
  };
}

/** Fired rules in document order: score rules with their points, overrides with 0 points. */
export function firedRules(
  ruleSet: RuleSetDocument,
  e: RuleSetEvaluation,
): { rule: string; points: number }[] {
  const order = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
  return [
    ...e.fired.map((f) => ({ rule: f.rule, points: f.points })),
    ...e.overrides.map((o) => ({ rule: o.rule, points: 0 })),
  ].sort((a, b) => (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
}

/**
 * Groups fact declarations so each group is derived by one query: sets whose facts of the same name
 * are declared identically share a group (the usual case: a draft edits a few rules and keeps the
 * facts), others get their own. Returns, for each input set, the index of its group.
 */
export function groupDeclarations(sets: readonly Readonly<Record<string, FactDeclaration>>[]): {
  groups: Record<string, FactDeclaration>[];
  groupOf: number[];
} {
  const groups: Record<string, FactDeclaration>[] = [];
  const groupOf: number[] = [];
  for (const set of sets) {
    const fits = groups.findIndex((g) =>
      Object.entries(set).every(([name, d]) => !(name in g) || JSON.stringify(g[name]) === JSON.stringify(d)),
    );
    if (fits >= 0) {
      Object.assign(groups[fits], set);
      groupOf.push(fits);
    } else {
      groups.push({ ...set });
      groupOf.push(groups.length - 1);
    }
  }
  return { groups, groupOf };
}
