/**
 * Record windows: ISO-8601 durations in whole years, months, weeks and days (P3Y, P6M, P30D),
 * counted back from an as-of date in calendar terms. Time parts (PT12H) are refused: records are
 * dated in whole Shanghai days, and a window of hours would only mean "today".
 */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

/** The schema's pattern for a window; parseIsoDuration also refuses a zero-length one. */
export const ISO_DURATION_PATTERN_SOURCE = '^P(?!$)(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$';
const DURATION = new RegExp(ISO_DURATION_PATTERN_SOURCE);
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The duration, or undefined when the text is not one (or is zero long: a window must hold a day). */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [years, months, weeks, days] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (years + months + weeks + days === 0) return undefined;
  if (![years, months, weeks, days].every(Number.isSafeInteger)) return undefined;
  return { years, months, weeks, days };
}

/**
 * The window `(after, through]` of a duration ending on `asOf` ('YYYY-MM-DD'): a record dated d
 * counts when after < d ≤ through. Months and years clamp to the month's end (2024-02-29 − P1Y is
 * 2023-02-28), as people count them.
 */
export function windowBounds(asOf: string, duration: string): { after: string; through: string } {
  const parsed = parseIsoDuration(duration);
  if (!parsed) throw new RangeError(`invalid ISO-8601 duration '${duration}'`);
  const match = LOCAL_DATE.exec(asOf);
  if (!match) throw new RangeError(`invalid date '${asOf}': expected YYYY-MM-DD`);
  const totalMonths = Number(match[1]) * 12 + Number(match[2]) - 1 - parsed.years * 12 - parsed.months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(match[3]), lastDay);
  const start = Date.UTC(year, month, day) - (parsed.weeks * 7 + parsed.days) * DAY_MS;
  return { after: new Date(start).toISOString().slice(0, 10), through: asOf };
}
