import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';

/**
 * Semantic checks of an observation rule set (观察期, DOMAIN.md §4): rules fire `eligible` events
 * (with the period's length in whole `months`, at most the outcome's `maxMonths`) or `ineligible`
 * events (a bar: red-line field, tier, serious record…). An enterprise is eligible when some
 * `eligible` rule fires and no `ineligible` one does; the period is the shortest length fired.
 */

export const OBSERVATION_EVENT_TYPES = ['eligible', 'ineligible'] as const;

export interface ObservationContext {
  maxMonths?: number;
}

export function checkObservationOutcome(outcome: unknown, report: Report): ObservationContext {
  if (!isRecord(outcome)) {
    report(['outcome'], 'an observation rule set needs an outcome with maxMonths');
    return {};
  }
  const max = outcome.maxMonths;
  if (!Number.isSafeInteger(max) || (max as number) < 1) {
    report(['outcome', 'maxMonths'], 'maxMonths is a whole number of months, at least 1');
    return {};
  }
  for (const key of Object.keys(outcome)) {
    if (key !== 'maxMonths')
      report(['outcome', key], 'unknown property (an observation outcome has maxMonths)');
  }
  return { maxMonths: max as number };
}

export function checkObservationEvent(
  event: unknown,
  at: PathSegment[],
  context: ObservationContext,
  report: Report,
): void {
  if (!isRecord(event) || typeof event.type !== 'string') return;
  if (!(OBSERVATION_EVENT_TYPES as readonly string[]).includes(event.type)) {
    report(
      [...at, 'type'],
      `observation rules fire "eligible" or "ineligible" events, not ${JSON.stringify(event.type)}`,
    );
    return;
  }
  if (event.type !== 'eligible') return;
  const params = isRecord(event.params) ? event.params : {};
  const months = params.months;
  if (!Number.isSafeInteger(months) || (months as number) < 1) {
    report([...at, 'params', 'months'], 'an eligible event needs the period length in whole months (≥ 1)');
  } else if (context.maxMonths !== undefined && (months as number) > context.maxMonths) {
    report(
      [...at, 'params', 'months'],
      `${String(months)} months is above the outcome's maxMonths ${context.maxMonths}`,
    );
  }
}
