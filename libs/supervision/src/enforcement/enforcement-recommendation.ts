import { DomainError, ErrorCode } from '@app/domain';
import { factsDigest, type FactValue, type LegalBasis, type RuleSetDocument } from '@app/rules';

/**
 * The enforcement rule set's recommendation (pure): the measure of the first fired `recommend` rule
 * by priority (highest first), then document order; every fired rule's reason is kept, the deciding
 * one first, so a penalty says which 过罚相当 reason applies.
 */

export const MEASURE_NAMES: Record<string, string> = {
  no_penalty: '首违不罚 (责令改正并教育)',
  guidance: '行政指导',
  talk: '行政约谈',
  warning: '警示告诫',
  penalty: '依法处罚',
};

export interface RecommendationReason {
  rule: string;
  measure: string;
  factor: string;
  reason: string;
  basis?: LegalBasis;
}

export interface Recommendation {
  measure: string;
  measureName: string;
  reasons: RecommendationReason[];
  ruleSetVersion: string;
  inputDigest: string;
}

export function decideRecommendation(
  ruleSet: RuleSetDocument,
  facts: Readonly<Record<string, FactValue>>,
  fired: readonly { name: string; event: { type: string; params?: Record<string, unknown> } }[],
): Recommendation {
  if (ruleSet.kind !== 'enforcement')
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `rule set ${ruleSet.version} is ${ruleSet.kind}, not enforcement`,
    );
  const index = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
  const priority = (name: string) => ruleSet.rules[index.get(name) ?? 0]?.priority ?? 1;
  const reasons: RecommendationReason[] = [...fired]
    .filter((f) => f.event.type === 'recommend')
    .sort(
      (a, b) => priority(b.name) - priority(a.name) || (index.get(a.name) ?? 0) - (index.get(b.name) ?? 0),
    )
    .map((f) => {
      const p = f.event.params ?? {};
      const reason: RecommendationReason = {
        rule: f.name,
        measure: String(p.measure),
        factor: String(p.factor),
        reason: String(p.reason),
      };
      const basis = ruleSet.rules[index.get(f.name) ?? 0]?.basis;
      if (basis) reason.basis = basis;
      return reason;
    });
  if (reasons.length === 0) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `enforcement rule set ${ruleSet.version} recommends nothing for these facts: add a rule that covers them`,
    );
  }
  return {
    measure: reasons[0].measure,
    measureName: MEASURE_NAMES[reasons[0].measure] ?? reasons[0].measure,
    reasons,
    ruleSetVersion: ruleSet.version,
    inputDigest: factsDigest(facts),
  };
}
