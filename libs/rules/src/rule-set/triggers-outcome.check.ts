import { parseIsoDuration } from './iso-duration.util';
import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';
import { TRIGGER_PRIORITIES } from './rule-set.types';

/**
 * Semantic checks of a triggers rule set (触发式检查): each rule fires a `trigger` event with a
 * stable reason code, a priority and an optional dedup window; the outcome holds the default window.
 */

export const TRIGGER_EVENT_TYPES = ['trigger'] as const;
export const TRIGGER_CODE_PATTERN_SOURCE = '^[a-z][a-z0-9_]{0,63}$';
const TRIGGER_CODE = new RegExp(TRIGGER_CODE_PATTERN_SOURCE);

export function checkTriggersOutcome(outcome: unknown, report: Report): void {
  if (!isRecord(outcome)) return;
  checkWindow(outcome.defaultDedupWindow, ['outcome', 'defaultDedupWindow'], report);
}

export function checkTriggerEvent(event: unknown, at: PathSegment[], report: Report): void {
  if (!isRecord(event) || typeof event.type !== 'string') return;
  if (event.type !== 'trigger') {
    report([...at, 'type'], `triggers rules fire "trigger" events, not ${JSON.stringify(event.type)}`);
    return;
  }
  const params = isRecord(event.params) ? event.params : {};
  if (typeof params.code !== 'string' || !TRIGGER_CODE.test(params.code)) {
    report(
      [...at, 'params', 'code'],
      'a trigger needs a stable reason code (lowercase letters, digits, _): tasks are deduplicated by it',
    );
  }
  if (!(TRIGGER_PRIORITIES as readonly unknown[]).includes(params.priority)) {
    report([...at, 'params', 'priority'], `priority is one of ${TRIGGER_PRIORITIES.join(', ')}`);
  }
  if (params.dedupWindow !== undefined)
    checkWindow(params.dedupWindow, [...at, 'params', 'dedupWindow'], report);
  if (params.endsObservation !== undefined && typeof params.endsObservation !== 'boolean') {
    report(
      [...at, 'params', 'endsObservation'],
      'endsObservation is true (a serious trigger: it ends an observation period or sandbox early) or false',
    );
  }
}

function checkWindow(window: unknown, at: PathSegment[], report: Report): void {
  if (typeof window === 'string' && !parseIsoDuration(window)) {
    report(
      at,
      `invalid ISO-8601 duration ${JSON.stringify(window)}: use years, months, weeks or days, e.g. P30D`,
    );
  } else if (window !== undefined && typeof window !== 'string') {
    report(at, 'a dedup window is an ISO-8601 duration such as P30D');
  }
}
