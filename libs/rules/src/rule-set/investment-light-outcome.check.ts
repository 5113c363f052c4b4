import { parseIsoDuration } from './iso-duration.util';
import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';
import { TRIGGER_CODE_PATTERN_SOURCE } from './triggers-outcome.check';

/**
 * Semantic checks of an investment-light rule set (资本红绿灯): each rule fires a `light` event (red
 * or yellow, with a stable code); no rule firing is green. The outcome holds the serial-acquisition
 * window, the quiet period after which an unresolved yellow warning lapses, and the stake above which
 * a parent controls a child (the group the rules count over).
 */

export const INVESTMENT_LIGHTS = ['red', 'yellow'] as const;
const CODE = new RegExp(TRIGGER_CODE_PATTERN_SOURCE);

export function checkInvestmentLightOutcome(outcome: unknown, report: Report): void {
  if (!isRecord(outcome)) {
    report(
      ['outcome'],
      'an investment-light rule set needs an outcome (serialWindow, quietPeriod, controlStakePercent)',
    );
    return;
  }
  for (const key of ['serialWindow', 'quietPeriod'] as const) {
    const value = outcome[key];
    if (typeof value !== 'string' || !parseIsoDuration(value))
      report(['outcome', key], 'must be an ISO-8601 duration such as P12M or P90D');
  }
  const stake = outcome.controlStakePercent;
  if (typeof stake !== 'number' || !(stake >= 0 && stake < 100))
    report(
      ['outcome', 'controlStakePercent'],
      'must be a number from 0 to below 100 (a stake above it controls)',
    );
}

export function checkInvestmentLightEvent(event: unknown, at: PathSegment[], report: Report): void {
  if (!isRecord(event) || typeof event.type !== 'string') return;
  if (event.type !== 'light') {
    report([...at, 'type'], `investment-light rules fire "light" events, not ${JSON.stringify(event.type)}`);
    return;
  }
  const params = isRecord(event.params) ? event.params : {};
  if (!(INVESTMENT_LIGHTS as readonly unknown[]).includes(params.light))
    report([...at, 'params', 'light'], 'light is red or yellow (no rule firing is green)');
  if (typeof params.code !== 'string' || !CODE.test(params.code))
    report([...at, 'params', 'code'], 'a light needs a stable code (lowercase letters, digits, _)');
}
