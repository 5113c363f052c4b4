import { type LocalDate, RegulatoryCalendar, endOfShanghaiDay, shanghaiDateOf } from '@app/domain';
import {
  parseRepairDuration,
  type PlainText,
  type RepairGrade,
  type RepairOutcomeSpec,
  type RepairProfile,
} from '@app/rules';

/**
 * The life of one credit record under the repair rule set (信用修复, DOMAIN.md §5), as pure functions:
 * which profile and grade apply (by the record's date, type, severity, measure, fine and sector),
 * until when it is published (it stops counting toward the tier by itself at the end), from when
 * repair may be applied for, or why never early, and whether an application made on a given day is
 * eligible. Every number comes from the rule set.
 */

export interface RepairableRecord {
  type: string;
  severity: string | null;
  /** The record's date (YYYY-MM-DD, Asia/Shanghai). */
  occurredOn: LocalDate;
  payload: Readonly<Record<string, unknown>>;
  /** The enterprise's tags (food, drug, special_equipment…). */
  sectorTags: readonly string[];
}

export interface RepairTimeline {
  profile: { id: string; title: PlainText; decisionWorkingDays: number; source: string };
  /** The grade the record falls in; null when no grade of the profile covers it. */
  grade: string | null;
  source: string | null;
  /** From this day on the record is no longer published and stops counting; null: no period of its own. */
  publicityEndsOn: LocalDate | null;
  /** The first day an application is possible; null when never by application. */
  repairableFrom: LocalDate | null;
  /** Why not by application (null when repairableFrom is set). */
  notRepairable: PlainText | null;
  /** A listing's payload field that an approved early removal fills (removedOn). */
  removalField: string | null;
}

/** The profile of a record dated `occurredOn`: the latest one starting on or before it (the first for older records). */
export function profileFor(spec: RepairOutcomeSpec, occurredOn: LocalDate): RepairProfile {
  let chosen = spec.profiles[0];
  for (const profile of spec.profiles) if (profile.from <= occurredOn) chosen = profile;
  return chosen;
}

/** `date` plus an ISO duration, months and years clamped to the month's end (2025-08-31 + P6M = 2026-02-28). */
export function addDuration(date: LocalDate, duration: string): LocalDate {
  const parsed = parseRepairDuration(duration);
  if (!parsed) throw new RangeError(`invalid duration '${duration}'`);
  const [y, m, d] = date.split('-').map(Number);
  const totalMonths = y * 12 + (m - 1) + parsed.years * 12 + parsed.months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const base = Date.UTC(year, month, Math.min(d, lastDay));
  return new Date(base + (parsed.weeks * 7 + parsed.days) * 86_400_000).toISOString().slice(0, 10);
}

const NOT_COVERED: PlainText = {
  zh: '该类记录不适用信用修复',
  en: 'this kind of record is not covered by credit repair',
};
const BY_ITSELF: PlainText = {
  zh: '该记录无需申请修复, 公示期满自动停止公示',
  en: 'no application is needed: it stops being published by itself when its publicity period ends',
};

export function matchGrade(profile: RepairProfile, record: RepairableRecord): RepairGrade | undefined {
  return profile.grades.find((g) => {
    const m = g.match;
    if (m.recordType !== record.type) return false;
    if (m.severities && !m.severities.includes(record.severity ?? '')) return false;
    const measure = record.payload.measure;
    if (m.measures && !(typeof measure === 'string' && m.measures.includes(measure))) return false;
    if (m.amountBelow !== undefined) {
      const amount = record.payload.amount;
      if (typeof amount !== 'string' || compareDecimal(amount, m.amountBelow) >= 0) return false;
    }
    if (m.sectorTags && !m.sectorTags.some((t) => record.sectorTags.includes(t))) return false;
    if (m.payload && !Object.entries(m.payload).every(([k, v]) => record.payload[k] === v)) return false;
    return true;
  });
}

export function repairTimeline(spec: RepairOutcomeSpec, record: RepairableRecord): RepairTimeline {
  const profile = profileFor(spec, record.occurredOn);
  const grade = matchGrade(profile, record);
  const measure = record.payload.measure;
  const neverEarly =
    spec.neverEarly.recordTypes.includes(record.type) ||
    (typeof measure === 'string' && spec.neverEarly.measures.includes(measure));
  const publicityEndsOn = grade?.publicity ? addDuration(record.occurredOn, grade.publicity) : null;
  const repairableFrom =
    !neverEarly && grade?.applyAfter != null ? addDuration(record.occurredOn, grade.applyAfter) : null;
  let notRepairable: PlainText | null = null;
  if (neverEarly) notRepairable = spec.neverEarly.reason;
  else if (!grade) notRepairable = NOT_COVERED;
  else if (repairableFrom === null) notRepairable = BY_ITSELF;
  return {
    profile: {
      id: profile.id,
      title: profile.title,
      decisionWorkingDays: profile.decisionWorkingDays,
      source: profile.source,
    },
    grade: grade?.grade ?? null,
    source: grade?.source ?? null,
    publicityEndsOn,
    repairableFrom,
    notRepairable,
    removalField: neverEarly ? null : (grade?.removalField ?? null),
  };
}

/** What a record is now, for eligibility: repaired, removed from its list, or its publicity over. */
export interface RecordState {
  repairedAt: Date | null;
}

export type Eligibility =
  | { eligible: true; timeline: RepairTimeline }
  | {
      eligible: false;
      /** too_early: repairableFrom says when; not_repairable: the reason; ended: nothing left to repair. */
      code: 'too_early' | 'not_repairable' | 'ended';
      timeline: RepairTimeline;
      message: PlainText;
    };

/** Whether an application for the record filed on `today` (Asia/Shanghai date) may go ahead. */
export function eligibility(
  spec: RepairOutcomeSpec,
  record: RepairableRecord,
  state: RecordState,
  today: LocalDate,
): Eligibility {
  const timeline = repairTimeline(spec, record);
  const removal = timeline.removalField ? record.payload[timeline.removalField] : null;
  if (state.repairedAt || (removal !== null && removal !== undefined)) {
    return {
      eligible: false,
      code: 'ended',
      timeline,
      message: {
        zh: '该记录已修复或已移出, 不再计入',
        en: 'the record is already repaired or removed and no longer counts',
      },
    };
  }
  if (timeline.publicityEndsOn !== null && timeline.publicityEndsOn <= today) {
    return {
      eligible: false,
      code: 'ended',
      timeline,
      message: {
        zh: `该记录已于${timeline.publicityEndsOn}停止公示, 不再计入, 无需修复`,
        en: `the record stopped being published on ${timeline.publicityEndsOn} and no longer counts: nothing to repair`,
      },
    };
  }
  if (timeline.repairableFrom === null)
    return { eligible: false, code: 'not_repairable', timeline, message: timeline.notRepairable! };
  if (timeline.repairableFrom > today) {
    return {
      eligible: false,
      code: 'too_early',
      timeline,
      message: {
        zh: `自${timeline.repairableFrom}起可申请信用修复`,
        en: `repair may be applied for from ${timeline.repairableFrom}`,
      },
    };
  }
  return { eligible: true, timeline };
}

/** The last instant to decide an application filed at `filedAt`: N working days on the regulatory calendar. */
export function decisionDeadline(calendar: RegulatoryCalendar, workingDays: number, filedAt: Date): Date {
  return endOfShanghaiDay(calendar.addWorkingDays(shanghaiDateOf(filedAt), workingDays));
}

/** Compares two non-negative decimal strings exactly (no floats). */
export function compareDecimal(a: string, b: string): number {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const width = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(width, '0'));
  const y = BigInt(bi + bf.padEnd(width, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
