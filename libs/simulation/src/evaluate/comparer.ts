import { DerivedFacts, FactDeriver } from '@app/assessment';
import {
  evaluateFrequencyPolicy,
  FactDeclaration,
  FrequencyPolicy,
  FrequencyRuleSet,
  RuleSetDocument,
} from '@app/rules';
import type { DataSource } from 'typeorm';
import { toMicro } from '../exact-decimal';
import { Comparison, SideOutcome } from '../tally/simulation-tally';
import {
  evaluateTier,
  evaluatorOf,
  explanationOf,
  Explanation,
  failedExplanation,
  firedRules,
  groupDeclarations,
} from './tier-evaluation';

export interface ComparedEnterprise {
  comparison: Comparison;
  /** Both explanations, built on demand (for the enterprises whose tier changes). */
  explain(): { old: Explanation; new: Explanation };
}

interface Side {
  outcome: Omit<SideOutcome, 'visitsMicro'> | null;
  explain(): Explanation;
}

/**
 * Supervision context a frequency fact may copy instead of a stored attribute: the tier is the one
 * being compared; `observation.active` is false until observation periods exist (issue #12 point 6
 * lists "entering or leaving observation" for then: set it here from the observation records).
 */
const CONTEXT_FACTS: Record<string, (tier: string) => unknown> = {
  'assessment.tier': (tier) => tier,
  'observation.active': () => false,
};

/**
 * Evaluates a batch of enterprises under the version in force (old) and a simulated version (new):
 * facts derived in PostgreSQL (one query when both versions declare their shared facts alike), both
 * tiers with their explanations, and each tier's expected inspections a year under the frequency
 * rules in force. Reads only; writes nothing.
 */
export class Comparer {
  private readonly derivers: FactDeriver[];
  private readonly groupOf: number[];
  private readonly frequencyStored: string[];
  private readonly policies = new Map<string, Promise<FrequencyPolicy>>();

  constructor(
    private readonly base: RuleSetDocument,
    private readonly draft: RuleSetDocument,
    private readonly frequency: FrequencyRuleSet,
  ) {
    const stored: Record<string, FactDeclaration> = {};
    for (const [name, d] of Object.entries(frequency.facts)) {
      if (!(d.from !== undefined && d.from in CONTEXT_FACTS)) stored[name] = d;
    }
    this.frequencyStored = Object.keys(stored).sort();
    const { groups, groupOf } = groupDeclarations([base.facts, draft.facts, stored]);
    this.derivers = groups.map((g) => new FactDeriver(g));
    this.groupOf = groupOf;
  }

  async compare(ds: DataSource, usccs: string[], asOf: string, knownAt: Date): Promise<ComparedEnterprise[]> {
    return this.compareDerived(usccs, await this.derive(ds, usccs, asOf, knownAt));
  }

  /** The facts of a batch, one list per fact group (PostgreSQL). */
  derive(ds: DataSource, usccs: string[], asOf: string, knownAt: Date): Promise<DerivedFacts[][]> {
    return Promise.all(this.derivers.map((d) => d.derive(ds, usccs, asOf, knownAt)));
  }

  /** Both versions and the frequency policy on derived facts (this process). */
  async compareDerived(usccs: string[], derived: DerivedFacts[][]): Promise<ComparedEnterprise[]> {
    const byUscc = derived.map((rows) => new Map(rows.map((r) => [r.uscc, r])));
    const out: ComparedEnterprise[] = [];
    for (const uscc of usccs) {
      const facts = (set: number) => byUscc[this.groupOf[set]].get(uscc);
      const old = await this.side(this.base, facts(0));
      const next = await this.side(this.draft, facts(1));
      const frequencyFacts = facts(2);
      out.push({
        comparison: {
          uscc,
          old: old.outcome && {
            ...old.outcome,
            visitsMicro: await this.visits(old.outcome.tier, frequencyFacts),
          },
          new: next.outcome && {
            ...next.outcome,
            visitsMicro: await this.visits(next.outcome.tier, frequencyFacts),
          },
        },
        explain: () => ({ old: old.explain(), new: next.explain() }),
      });
    }
    return out;
  }

  private async side(ruleSet: RuleSetDocument, derived: DerivedFacts | undefined): Promise<Side> {
    const failed = (facts: Record<string, unknown>, reason: string): Side => ({
      outcome: null,
      explain: () => failedExplanation(ruleSet, facts, reason),
    });
    if (!derived) return failed({}, 'the enterprise no longer exists');
    const missing = derived.underivable.filter((f) => f in ruleSet.facts);
    if (missing.length > 0) {
      return failed(derived.facts, `facts cannot be derived and have no default: ${missing.join(', ')}`);
    }
    const result = await evaluateTier(ruleSet, derived.facts);
    if (!result.evaluation) return failed(derived.facts, result.failure);
    const evaluation = result.evaluation;
    return {
      outcome: { tier: evaluation.tier, score: evaluation.score, rules: firedRules(ruleSet, evaluation) },
      explain: () => explanationOf(ruleSet, evaluation),
    };
  }

  /** Expected inspections a year of a tier for these facts, in micro-units (0 when left out of draws). */
  private async visits(tier: string, derived: DerivedFacts | undefined): Promise<number> {
    const facts: Record<string, unknown> = {};
    for (const name of this.frequencyStored) facts[name] = derived?.facts[name];
    const key = `${tier}\u0000${JSON.stringify(facts)}`;
    let policy = this.policies.get(key);
    if (!policy) {
      for (const [name, d] of Object.entries(this.frequency.facts)) {
        const context = d.from !== undefined ? CONTEXT_FACTS[d.from] : undefined;
        if (context) facts[name] = context(tier);
      }
      policy = evaluateFrequencyPolicy(this.frequency, tier, facts, evaluatorOf(this.frequency));
      this.policies.set(key, policy);
    }
    const p = await policy;
    return p.excludedFromRandomDraw ? 0 : toMicro(p.visitsPerYear);
  }
}
