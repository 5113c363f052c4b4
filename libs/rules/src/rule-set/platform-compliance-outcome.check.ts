import { parseIsoDuration } from './iso-duration.util';
import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';
import { TRIGGER_CODE_PATTERN_SOURCE } from './triggers-outcome.check';

/**
 * Semantic checks of a platform-compliance rule set (平台合规评价, Zhejiang §24): `outcome.grades`
 * lists the grades best first (the best is given when no rule fires); each rule fires a `compliance`
 * event lowering the grade to one of the others, with a stable code; the worst grade fired wins.
 * `outcome.handlingDeadline` is how long handling an investment warning may take before it counts as
 * overdue (the `warnings.overdue` fact).
 */

export interface PlatformComplianceOutcome {
  grades: string[];
  handlingDeadline: string;
}

const CODE = new RegExp(TRIGGER_CODE_PATTERN_SOURCE);

export function checkPlatformComplianceOutcome(outcome: unknown, report: Report): string[] | undefined {
  if (!isRecord(outcome)) {
    report(['outcome'], 'a platform-compliance rule set needs an outcome (grades, handlingDeadline)');
    return undefined;
  }
  const { grades, handlingDeadline } = outcome;
  let valid: string[] | undefined;
  if (
    !Array.isArray(grades) ||
    grades.length < 2 ||
    grades.some((g) => typeof g !== 'string' || !CODE.test(g)) ||
    new Set(grades).size !== grades.length
  )
    report(
      ['outcome', 'grades'],
      'must list at least two distinct grade codes, best first (e.g. good, fair, poor)',
    );
  else valid = grades as string[];
  if (typeof handlingDeadline !== 'string' || !parseIsoDuration(handlingDeadline))
    report(['outcome', 'handlingDeadline'], 'must be an ISO-8601 duration such as P30D');
  return valid;
}

export function checkPlatformComplianceEvent(
  event: unknown,
  at: PathSegment[],
  grades: string[] | undefined,
  report: Report,
): void {
  if (!isRecord(event) || typeof event.type !== 'string') return;
  if (event.type !== 'compliance') {
    report(
      [...at, 'type'],
      `platform-compliance rules fire "compliance" events, not ${JSON.stringify(event.type)}`,
    );
    return;
  }
  const params = isRecord(event.params) ? event.params : {};
  if (grades && !grades.slice(1).includes(params.grade as string))
    report(
      [...at, 'params', 'grade'],
      `grade is one of ${grades.slice(1).join(', ')} (no rule firing gives ${grades[0]})`,
    );
  if (typeof params.code !== 'string' || !CODE.test(params.code))
    report(
      [...at, 'params', 'code'],
      'a compliance finding needs a stable code (lowercase letters, digits, _)',
    );
  if (typeof params.factor !== 'string' || params.factor.length === 0)
    report([...at, 'params', 'factor'], 'names the fact the finding rests on');
}
