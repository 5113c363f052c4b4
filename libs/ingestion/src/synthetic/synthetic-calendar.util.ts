/**
 * Dates as day numbers (days since 1970-01-01): the generator adds and compares plain integers and
 * turns them into 'YYYY-MM-DD' through a precomputed table, because formatting a Date per record
 * would dominate the cost of a row. Everything is a calendar date of Asia/Shanghai; no time zone
 * arithmetic happens here, so UTC stands in for it.
 */

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a calendar date; month and day may overflow as with Date.UTC (Feb 30 → Mar 2). */
export function dayOfYmd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Day number of 'YYYY-MM-DD', or a RangeError for anything that is not a real calendar date. */
export function dayOf(date: string): number {
  const m = LOCAL_DATE.exec(date);
  const day = m ? dayOfYmd(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
  if (!m || formatDay(day) !== date) throw new RangeError(`not a calendar date YYYY-MM-DD: '${date}'`);
  return day;
}

/** 'YYYY-MM-DD' of a day number, the slow way (the table's fallback). */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Same day `months` later, clamped to the month's end (Aug 31 + 6 months = Feb 28/29), as law counts. */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(year, month, Math.min(d.getUTCDate(), lastOfMonth)) / DAY_MS);
}

/** Formats and dates the days of one range from a table; days outside it take the slow path. */
export class DayTable {
  private readonly dates: string[] = [];
  private readonly years: Uint16Array;

  constructor(
    private readonly first: number,
    last: number,
  ) {
    this.years = new Uint16Array(last - first + 1);
    for (let day = first; day <= last; day++) {
      const date = formatDay(day);
      this.dates.push(date);
      this.years[day - first] = Number(date.slice(0, 4));
    }
  }

  format(day: number): string {
    return this.dates[day - this.first] ?? formatDay(day);
  }

  year(day: number): number {
    const i = day - this.first;
    return i >= 0 && i < this.years.length ? this.years[i] : yearOfDay(day);
  }
}
