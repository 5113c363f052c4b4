import { CalendarDay, YearCalendar } from './year-calendar.types';
import { isWeekend, yearOf } from './local-date.util';

const STATUSES: readonly string[] = ['official', 'provisional'];

function dayProblems(
  days: readonly CalendarDay[],
  list: 'holidays' | 'makeUpWorkdays',
  year: number,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  days.forEach((entry, index) => {
    const where = `${list}[${index}] ${entry.date}`;
    let entryYear: number;
    try {
      entryYear = yearOf(entry.date);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      return;
    }
    if (entryYear !== year) {
      problems.push(`${where} is outside ${year}`);
    }
    if (seen.has(entry.date)) {
      problems.push(`${where} is listed twice`);
    }
    seen.add(entry.date);
    if (entry.name.trim().length === 0) {
      problems.push(`${where} has no name`);
    }
    // A make-up day on Monday-Friday changes nothing, so it is almost certainly a transcription
    // error (wrong day or month) that would otherwise go unnoticed.
    if (list === 'makeUpWorkdays' && !isWeekend(entry.date)) {
      problems.push(`${where} is a make-up workday on a weekday, which is already a working day`);
    }
  });
  return problems;
}

/**
 * Checks one year of holiday data for transcription errors before the calendar uses it. Throws a
 * RangeError listing every problem: bad data is a defect in shipped code, not a domain outcome.
 */
export function validateYearCalendar(calendar: YearCalendar): void {
  const { year } = calendar;
  const problems: string[] = [];
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    problems.push(`year must be an integer between 1 and 9999, got ${year}`);
  }
  if (!STATUSES.includes(calendar.status)) {
    problems.push(`status must be 'official' or 'provisional', got '${calendar.status}'`);
  }
  if (calendar.source.trim().length === 0) {
    problems.push('source is empty');
  }
  problems.push(...dayProblems(calendar.holidays, 'holidays', year));
  problems.push(...dayProblems(calendar.makeUpWorkdays, 'makeUpWorkdays', year));
  const holidayDates = new Set(calendar.holidays.map((h) => h.date));
  calendar.makeUpWorkdays.forEach((entry, index) => {
    if (holidayDates.has(entry.date)) {
      problems.push(`makeUpWorkdays[${index}] ${entry.date} is also listed as a holiday`);
    }
  });
  if (problems.length > 0) {
    throw new RangeError(`invalid year calendar ${year}: ${problems.join('; ')}`);
  }
}
