import { LocalDate, addDays, yearOf } from '../calendar/local-date.util';
import { RegulatoryCalendar } from '../calendar/regulatory-calendar.model';
import { endOfShanghaiDay, shanghaiDateOf } from '../calendar/shanghai-time.util';
import { DomainError, ErrorCode } from '../errors/domain-error';

/**
 * The time limits of an inspection task's life (DOMAIN.md §3) as functions of rule data: how many
 * working days to publish a result or correct a published one, how long before the due date the
 * inspectors are reminded, when a triggered inspection is due. The numbers live in
 * rules/deadlines/<version>.json (one version per file, each with its effectiveFrom) and the
 * calendar in rules/calendars/<year>.json; nothing here knows a number of days.
 */

export const TRIGGER_PRIORITIES = ['urgent', 'high', 'normal'] as const;
export type TriggerPriority = (typeof TRIGGER_PRIORITIES)[number];

/** One version of the deadline rule data, as read (and validated) from rules/deadlines/. */
export interface DeadlineRules {
  readonly kind: 'deadlines';
  readonly version: string;
  /** ISO-8601 instant with its offset: the version applies to obligations arising from then on. */
  readonly effectiveFrom: string;
  readonly description?: string;
  /** Publish an inspection result within N working days of the result (一公开). */
  readonly publication: { readonly workingDays: number; readonly source: string };
  /** Correct or withdraw a published result within N working days of publication. */
  readonly correction: { readonly workingDays: number; readonly source: string };
  /** Remind an open task's inspectors this many hours before its due date. */
  readonly reminder: { readonly leadHours: number; readonly source: string };
  /** A triggered task is due at the end of the Shanghai day N calendar days after its creation. */
  readonly triggeredTaskDue: {
    readonly calendarDays: Readonly<Record<TriggerPriority, number>>;
    readonly source: string;
  };
  /** Inspectors sent on one visit: never fewer than `minimum`; `default` when a plan does not say. */
  readonly inspectorsPerVisit: {
    readonly minimum: number;
    readonly default: number;
    readonly source: string;
  };
}

/** What a stored deadline was computed from, kept beside it so it can be explained later. */
export interface DeadlineBasis {
  /** The deadlines version applied. */
  deadlines: string;
  rule: 'publication' | 'correction' | 'reminder' | 'triggeredTaskDue';
  workingDays?: number;
  calendarDays?: number;
  leadHours?: number;
  /** Calendar years counted on, with their status (a provisional year's deadlines may move). */
  calendar?: { year: number; status: 'official' | 'provisional' }[];
}

export interface ComputedDeadline {
  at: Date;
  basis: DeadlineBasis;
}

const HOUR_MS = 3_600_000;

/**
 * The version in force at an instant: the latest effectiveFrom not after it. None in force is a
 * configuration error, reported rather than guessed around.
 */
export function deadlineRulesInForce(versions: readonly DeadlineRules[], at: Date): DeadlineRules {
  const time = at.getTime();
  let best: DeadlineRules | undefined;
  for (const v of versions) {
    const from = Date.parse(v.effectiveFrom);
    if (from <= time && (!best || from > Date.parse(best.effectiveFrom))) best = v;
  }
  if (!best) {
    throw new DomainError(
      ErrorCode.NotFound,
      `no deadline rule data in force on ${at.toISOString()} (versions: ${versions.map((v) => `${v.version} from ${v.effectiveFrom}`).join(', ') || 'none'})`,
    );
  }
  return best;
}

function calendarYears(
  calendar: RegulatoryCalendar,
  from: LocalDate,
  to: LocalDate,
): NonNullable<DeadlineBasis['calendar']> {
  const years: NonNullable<DeadlineBasis['calendar']> = [];
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    years.push({ year, status: calendar.isProvisional(year) ? 'provisional' : 'official' });
  }
  return years;
}

function workingDayDeadline(
  rules: DeadlineRules,
  rule: 'publication' | 'correction',
  calendar: RegulatoryCalendar,
  from: Date,
): ComputedDeadline {
  const workingDays = rules[rule].workingDays;
  const start = shanghaiDateOf(from);
  const last = calendar.addWorkingDays(start, workingDays);
  return {
    at: endOfShanghaiDay(last),
    basis: {
      deadlines: rules.version,
      rule,
      workingDays,
      calendar: calendarYears(calendar, start, last),
    },
  };
}

/** The last instant to publish a result given at `resultAt`. */
export function publicationDeadline(
  rules: DeadlineRules,
  calendar: RegulatoryCalendar,
  resultAt: Date,
): ComputedDeadline {
  return workingDayDeadline(rules, 'publication', calendar, resultAt);
}

/** The last instant to correct or withdraw a result published at `publishedAt`. */
export function correctionDeadline(
  rules: DeadlineRules,
  calendar: RegulatoryCalendar,
  publishedAt: Date,
): ComputedDeadline {
  return workingDayDeadline(rules, 'correction', calendar, publishedAt);
}

/** When the inspectors of a task due at `dueAt` are reminded. */
export function reminderTime(rules: DeadlineRules, dueAt: Date): ComputedDeadline {
  const leadHours = rules.reminder.leadHours;
  return {
    at: new Date(dueAt.getTime() - leadHours * HOUR_MS),
    basis: { deadlines: rules.version, rule: 'reminder', leadHours },
  };
}

/** The due date of a triggered task created at `createdAt` with the trigger's priority. */
export function triggeredTaskDue(
  rules: DeadlineRules,
  priority: TriggerPriority,
  createdAt: Date,
): ComputedDeadline {
  const calendarDays = rules.triggeredTaskDue.calendarDays[priority];
  return {
    at: endOfShanghaiDay(addDays(shanghaiDateOf(createdAt), calendarDays)),
    basis: { deadlines: rules.version, rule: 'triggeredTaskDue', calendarDays },
  };
}
