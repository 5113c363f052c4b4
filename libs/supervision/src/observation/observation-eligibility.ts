import { DomainError, ErrorCode } from '@app/domain';
import {
  factsDigest,
  FactsUnavailableError,
  resolveFacts,
  type FactValue,
  type LegalBasis,
  type RuleSetDocument,
} from '@app/rules';

/**
 * The observation rule set's decision for one enterprise (DOMAIN.md §4), pure: eligible when an
 * `eligible` rule fires and no `ineligible` one does; the length is the shortest `months` fired,
 * never above the outcome's `maxMonths`. The reasons are the fired rules, bars first when barred.
 */

export interface ObservationReason {
  rule: string;
  kind: 'eligible' | 'ineligible';
  factor: string;
  reason: string;
  /** A bar that is a red-line violation (`redLine: true` on the event): it ends a period early. */
  redLine?: true;
  basis?: LegalBasis;
}

export interface ObservationDecision {
  eligible: boolean;
  /** The period's length when eligible. */
  months: number | null;
  reasons: ObservationReason[];
  ruleSetVersion: string;
  inputDigest: string;
}

interface FiredLike {
  name: string;
  event: { type: string; params?: Record<string, unknown> };
}

export function asObservationRuleSet(
  ruleSet: RuleSetDocument,
): RuleSetDocument & { outcome: { maxMonths: number } } {
  if (ruleSet.kind !== 'observation') {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `rule set ${ruleSet.version} is ${ruleSet.kind}, not observation`,
    );
  }
  return ruleSet as RuleSetDocument & { outcome: { maxMonths: number } };
}

/** Resolves the facts (defaults, types) or throws FactsUnavailableError naming the missing ones. */
export function resolveObservationFacts(
  ruleSet: RuleSetDocument,
  raw: Readonly<Record<string, unknown>>,
): Readonly<Record<string, FactValue>> {
  const resolved = resolveFacts(ruleSet, raw);
  if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
  return resolved.facts;
}

export function decideObservation(
  ruleSet: RuleSetDocument,
  facts: Readonly<Record<string, FactValue>>,
  fired: readonly FiredLike[],
): ObservationDecision {
  const { outcome } = asObservationRuleSet(ruleSet);
  const order = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
  const bases = new Map(ruleSet.rules.map((r) => [r.name, r.basis]));
  const reasons: ObservationReason[] = [];
  let months: number | null = null;
  for (const rule of [...fired].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))) {
    const type = rule.event.type;
    if (type !== 'eligible' && type !== 'ineligible') continue;
    const params = rule.event.params ?? {};
    const reason: ObservationReason = {
      rule: rule.name,
      kind: type,
      factor: String(params.factor),
      reason: String(params.reason),
    };
    if (params.redLine === true) reason.redLine = true;
    const basis = bases.get(rule.name);
    if (basis) reason.basis = basis;
    reasons.push(reason);
    if (type === 'eligible' && typeof params.months === 'number') {
      months = Math.min(months ?? outcome.maxMonths, params.months, outcome.maxMonths);
    }
  }
  const barred = reasons.some((r) => r.kind === 'ineligible');
  const eligible = !barred && reasons.some((r) => r.kind === 'eligible');
  return {
    eligible,
    months: eligible ? (months ?? outcome.maxMonths) : null,
    // Bars first: they are why an enterprise is not (or no longer) in observation.
    reasons: barred
      ? [...reasons.filter((r) => r.kind === 'ineligible'), ...reasons.filter((r) => r.kind === 'eligible')]
      : reasons,
    ruleSetVersion: ruleSet.version,
    inputDigest: factsDigest(facts),
  };
}

/** The last day of a period of `months` starting on `start` (YYYY-MM-DD): start + months − 1 day. */
export function periodEndsOn(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  // The same day of the month, or the month's last day when it has none (31 January + 1 month).
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(year, month, Math.min(d, last)) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/** Whole days from `today` to `endsOn` inclusive of the last day (0 once it has passed). */
export function daysRemaining(today: string, endsOn: string): number {
  const ms = Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000) + 1);
}
