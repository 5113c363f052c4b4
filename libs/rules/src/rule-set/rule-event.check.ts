import { isNonEmptyString, isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';

/**
 * Semantic checks of a rule's event: every event explains itself (factor and reason), and a tiering
 * event is a score with integer points or an override naming one of the outcome's tiers.
 */

export const TIERING_EVENT_TYPES = ['score', 'override'] as const;
export const OVERRIDE_MODES = ['set', 'cap'] as const;

export function checkRuleEvent(
  event: unknown,
  at: PathSegment[],
  tiering: { tiers: readonly string[] | undefined } | undefined,
  report: Report,
): void {
  if (!isRecord(event)) return;
  const params = event.params;
  if (isRecord(params)) {
    for (const key of ['factor', 'reason'] as const) {
      if (!isNonEmptyString(params[key]))
        report([...at, 'params', key], `every event needs a non-empty ${key}`);
    }
  }
  if (!tiering || typeof event.type !== 'string') return;
  const p = isRecord(params) ? params : {};
  switch (event.type) {
    case 'score':
      if (!Number.isSafeInteger(p.points)) {
        report(
          [...at, 'params', 'points'],
          p.points === undefined ? 'a score event needs integer points' : 'points must be an integer',
        );
      }
      return;
    case 'override':
      if (!(OVERRIDE_MODES as readonly unknown[]).includes(p.mode)) {
        report(
          [...at, 'params', 'mode'],
          'mode must be "set" (exactly this tier) or "cap" (this tier at best, worse stays worse)',
        );
      }
      if (typeof p.tier !== 'string') {
        report([...at, 'params', 'tier'], 'an override event needs the tier it sets or caps');
      } else if (tiering.tiers && !tiering.tiers.includes(p.tier)) {
        report(
          [...at, 'params', 'tier'],
          `tier ${JSON.stringify(p.tier)} is not one of the outcome's tiers (${tiering.tiers.join(', ')})`,
        );
      }
      return;
    default:
      report(
        [...at, 'type'],
        `tiering rules fire "score" or "override" events, not ${JSON.stringify(event.type)}`,
      );
  }
}
