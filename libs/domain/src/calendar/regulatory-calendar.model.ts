import { DomainError, ErrorCode } from '../errors/domain-error';
import { LocalDate, addDays, fromEpochDay, isWeekend, toEpochDay, yearOf } from './local-date.util';
import { endOfShanghaiDay, shanghaiDateOf } from './shanghai-time.util';
import { YearCalendar } from './year-calendar.types';
import { validateYearCalendar } from './year-calendar.validator';

/**
 * Working days in mainland China (Asia/Shanghai): Monday-Friday unless a holiday, plus the weekend
 * days a State Council notice declares make-up workdays. Regulatory time limits such as "publish
 * within 20 working days" are counted on this calendar.
 *
 * Outside the years it has data for, the calendar refuses to answer rather than fall back to
 * Monday-Friday: a silently wrong deadline is worse than a loud failure that prompts adding a year.
 */
export class RegulatoryCalendar {
  private readonly years = new Map<number, YearCalendar>();
  private readonly holidays = new Set<LocalDate>();
  private readonly makeUpWorkdays = new Set<LocalDate>();

  constructor(years: readonly YearCalendar[]) {
    for (const year of years) {
      validateYearCalendar(year);
      if (this.years.has(year.year)) {
        throw new RangeError(`year ${year.year} is given twice to the regulatory calendar`);
      }
      this.years.set(year.year, year);
      year.holidays.forEach((h) => this.holidays.add(h.date));
      year.makeUpWorkdays.forEach((m) => this.makeUpWorkdays.add(m.date));
    }
  }

  /** Covered years in ascending order. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  /** Whether the year's data is provisional (statutory days only, notice not yet transcribed). */
  isProvisional(year: number): boolean {
    return this.requireYear(year).status === 'provisional';
  }

  isWorkingDay(date: LocalDate): boolean {
    this.requireYear(yearOf(date), date);
    if (this.makeUpWorkdays.has(date)) return true;
    return !isWeekend(date) && !this.holidays.has(date);
  }

  /**
   * n > 0: the nth working day strictly after `date`. n = 0: `date` if it is a working day, else
   * the next one (so the result is always a working day). n < 0: the |n|th working day strictly
   * before `date`.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`working days must be an integer, got ${n}`);
    }
    if (n === 0) {
      let day = date;
      while (!this.isWorkingDay(day)) day = addDays(day, 1);
      return day;
    }
    const step = n > 0 ? 1 : -1;
    let remaining = Math.abs(n);
    let day = date;
    // Validate the start even though it is not counted, so a bad or uncovered date never slips by.
    this.isWorkingDay(date);
    // Terminates: every step either counts a working day or moves towards an uncovered year,
    // where isWorkingDay throws.
    while (remaining > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) remaining--;
    }
    return day;
  }

  /**
   * Working days in (from, to]; negative, with the same magnitude as in (to, from], when `to` is
   * before `from`. Inverse of addWorkingDays: workingDaysBetween(d, addWorkingDays(d, n)) === n for
   * a working day d.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    this.isWorkingDay(from);
    this.isWorkingDay(to);
    const fromDay = toEpochDay(from);
    const toDay = toEpochDay(to);
    if (toDay < fromDay) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = fromDay + 1; day <= toDay; day++) {
      if (this.isWorkingDay(fromEpochDay(day))) count++;
    }
    return count;
  }

  /**
   * The last instant of the Shanghai day `workingDays` working days after the Shanghai date of
   * `from`: the shape of "within N working days" obligations, which are met by anything done on
   * the final day.
   */
  deadline(from: Date, workingDays: number): Date {
    return endOfShanghaiDay(this.addWorkingDays(shanghaiDateOf(from), workingDays));
  }

  private requireYear(year: number, date?: LocalDate): YearCalendar {
    const calendar = this.years.get(year);
    if (!calendar) {
      const covered = this.coveredYears();
      const context = date ? `needed for ${date}; ` : '';
      throw new DomainError(
        ErrorCode.CalendarNotCovered,
        `regulatory calendar has no data for ${year} (${context}covered years: ${covered.length > 0 ? covered.join(', ') : 'none'})`,
      );
    }
    return calendar;
  }
}
