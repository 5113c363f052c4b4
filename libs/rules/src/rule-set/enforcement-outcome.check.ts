import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';

/**
 * Semantic checks of an enforcement rule set (soft enforcement, 首违不罚, 过罚相当; DOMAIN.md §4):
 * rules fire `recommend` events naming a measure of the outcome's `measures` list; the recommendation
 * is the measure of the first fired rule by priority, then document order, and every fired rule's
 * reason is kept.
 */

export const ENFORCEMENT_EVENT_TYPES = ['recommend'] as const;
const MEASURE = /^[a-z][a-z0-9_]{0,39}$/;

export function checkEnforcementOutcome(outcome: unknown, report: Report): { measures?: Set<string> } {
  if (!isRecord(outcome) || !Array.isArray(outcome.measures) || outcome.measures.length === 0) {
    report(
      ['outcome', 'measures'],
      'an enforcement rule set lists its measures (codes such as no_penalty, guidance)',
    );
    return {};
  }
  const measures = new Set<string>();
  outcome.measures.forEach((m, i) => {
    if (typeof m !== 'string' || !MEASURE.test(m))
      report(['outcome', 'measures', i], 'a measure is a code: lowercase letters, digits, _');
    else if (measures.has(m)) report(['outcome', 'measures', i], `measure ${m} is listed twice`);
    else measures.add(m);
  });
  for (const key of Object.keys(outcome)) {
    if (key !== 'measures')
      report(['outcome', key], 'unknown property (an enforcement outcome has measures)');
  }
  return { measures };
}

export function checkEnforcementEvent(
  event: unknown,
  at: PathSegment[],
  context: { measures?: Set<string> },
  report: Report,
): void {
  if (!isRecord(event) || typeof event.type !== 'string') return;
  if (event.type !== 'recommend') {
    report([...at, 'type'], `enforcement rules fire "recommend" events, not ${JSON.stringify(event.type)}`);
    return;
  }
  const params = isRecord(event.params) ? event.params : {};
  if (typeof params.measure !== 'string' || (context.measures && !context.measures.has(params.measure))) {
    report(
      [...at, 'params', 'measure'],
      `a recommendation names one of the outcome's measures${context.measures ? ` (${[...context.measures].join(', ')})` : ''}`,
    );
  }
}
