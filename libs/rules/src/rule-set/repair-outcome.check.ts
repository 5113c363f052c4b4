import { CREDIT_RECORD_TYPES, isCalendarDate } from '@app/domain';
import { isNonEmptyString, isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';

/**
 * The outcome of a `repair` rule set (信用修复, DOMAIN.md §5): the repair profiles, each in force for
 * records dated from its `from`, with the grades that say how long a record is published (it stops
 * counting toward the tier by itself at the end), from when repair may be applied for, and how many
 * working days the regulator has to decide. Every number is here, with its source; the code that
 * reads it (libs/selfservice repair-timeline.ts) knows none.
 */

/** Zero or more whole years, months, weeks and days: P0D (at once), P3M, P1Y. */
export const REPAIR_DURATION_PATTERN_SOURCE = '^P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$';
const DURATION = new RegExp(REPAIR_DURATION_PATTERN_SOURCE);

export interface PlainText {
  zh: string;
  en: string;
}

export interface RepairGradeMatch {
  recordType: string;
  /** Any of these severities (absent: any). */
  severities?: string[];
  /** Any of these payload.measure values (absent: any). */
  measures?: string[];
  /** payload.amount strictly below this decimal (absent: any amount). */
  amountBelow?: string;
  /** The enterprise carries at least one of these tags (absent: any enterprise). */
  sectorTags?: string[];
  /** payload.<key> equal to the value. */
  payload?: Record<string, string | number | boolean>;
}

export interface RepairGrade {
  grade: string;
  match: RepairGradeMatch;
  /** How long the record is published from its date; it stops counting at the end. null: no period of its own. */
  publicity: string | null;
  /** From when (after the record's date) repair may be applied for; null: not by application. */
  applyAfter: string | null;
  /** A listing's payload field an approved removal fills with the decision date (removedOn). */
  removalField?: string;
  source: string;
}

export interface RepairProfile {
  id: string;
  /** Records dated on or after this date (YYYY-MM-DD) follow the profile, until the next one's. */
  from: string;
  title: PlainText;
  source: string;
  decisionWorkingDays: number;
  /** First match wins. */
  grades: RepairGrade[];
}

export interface RepairOutcomeSpec {
  neverEarly: { measures: string[]; recordTypes: string[]; reason: PlainText; source: string };
  profiles: RepairProfile[];
}

export interface RepairDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

export function parseRepairDuration(text: string): RepairDuration | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P') return undefined;
  const [years, months, weeks, days] = match.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  if (![years, months, weeks, days].every(Number.isSafeInteger)) return undefined;
  return { years, months, weeks, days };
}

const DECIMAL = /^[0-9]{1,18}(\.[0-9]{1,2})?$/;

export function checkRepairOutcome(outcome: unknown, report: Report): void {
  const at = ['outcome'];
  if (!isRecord(outcome)) {
    report(at, 'a repair rule set needs an outcome with neverEarly and profiles');
    return;
  }
  const never = outcome.neverEarly;
  if (!isRecord(never)) report([...at, 'neverEarly'], 'is required: the measures never repaired early');
  else {
    strings(never.measures, [...at, 'neverEarly', 'measures'], report);
    strings(never.recordTypes, [...at, 'neverEarly', 'recordTypes'], report);
    plain(never.reason, [...at, 'neverEarly', 'reason'], report);
    if (!isNonEmptyString(never.source)) report([...at, 'neverEarly', 'source'], 'cite the source');
  }
  if (!Array.isArray(outcome.profiles) || outcome.profiles.length === 0) {
    report([...at, 'profiles'], 'at least one profile');
    return;
  }
  let previous: string | undefined;
  const ids = new Set<string>();
  outcome.profiles.forEach((profile, i) => {
    const p = [...at, 'profiles', i];
    if (!isRecord(profile)) return report(p, 'a profile is an object');
    if (!isNonEmptyString(profile.id)) report([...p, 'id'], 'is required');
    else if (ids.has(profile.id)) report([...p, 'id'], `profile ${profile.id} is listed twice`);
    else ids.add(profile.id);
    if (typeof profile.from !== 'string' || !isCalendarDate(profile.from)) {
      report([...p, 'from'], 'a date YYYY-MM-DD');
    } else {
      if (previous !== undefined && profile.from <= previous)
        report([...p, 'from'], `profiles go in date order: ${profile.from} is not after ${previous}`);
      previous = profile.from;
    }
    plain(profile.title, [...p, 'title'], report);
    if (!isNonEmptyString(profile.source)) report([...p, 'source'], 'cite the source');
    const days = profile.decisionWorkingDays;
    if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1 || days > 365)
      report([...p, 'decisionWorkingDays'], 'a whole number of working days, 1 to 365');
    if (!Array.isArray(profile.grades) || profile.grades.length === 0)
      return report([...p, 'grades'], 'at least one grade');
    profile.grades.forEach((grade, j) => checkGrade(grade, [...p, 'grades', j], report));
  });
}

function checkGrade(grade: unknown, at: PathSegment[], report: Report): void {
  if (!isRecord(grade)) return report(at, 'a grade is an object');
  if (!isNonEmptyString(grade.grade)) report([...at, 'grade'], 'is required');
  if (!isNonEmptyString(grade.source)) report([...at, 'source'], 'cite the source');
  for (const key of ['publicity', 'applyAfter'] as const) {
    const value = grade[key];
    if (value !== null && (typeof value !== 'string' || !parseRepairDuration(value)))
      report([...at, key], 'an ISO-8601 duration in years, months, weeks or days (P0D, P3M, P1Y), or null');
  }
  if (grade.removalField !== undefined && !isNonEmptyString(grade.removalField))
    report([...at, 'removalField'], 'a payload field name');
  const match = grade.match;
  if (!isRecord(match)) return report([...at, 'match'], 'is required');
  if (!(CREDIT_RECORD_TYPES as readonly unknown[]).includes(match.recordType))
    report([...at, 'match', 'recordType'], `one of ${CREDIT_RECORD_TYPES.join(', ')}`);
  for (const key of ['severities', 'measures', 'sectorTags'] as const)
    if (match[key] !== undefined) strings(match[key], [...at, 'match', key], report);
  if (
    match.amountBelow !== undefined &&
    (typeof match.amountBelow !== 'string' || !DECIMAL.test(match.amountBelow))
  )
    report([...at, 'match', 'amountBelow'], 'a decimal string such as "10000.00"');
  if (match.payload !== undefined && !isRecord(match.payload))
    report([...at, 'match', 'payload'], 'an object of payload field → value');
}

function strings(value: unknown, at: PathSegment[], report: Report): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isNonEmptyString))
    report(at, 'a non-empty list of strings');
}

function plain(value: unknown, at: PathSegment[], report: Report): void {
  if (!isRecord(value) || !isNonEmptyString(value.zh) || !isNonEmptyString(value.en))
    report(at, 'a text in both languages: { zh, en }');
}
