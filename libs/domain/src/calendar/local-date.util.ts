/**
 * A calendar date with no time or zone, 'YYYY-MM-DD'. Regulatory deadlines are counted in whole
 * Shanghai days, so the calendar works on these strings and only converts to instants at the edges
 * (see shanghai-time.util.ts). A plain string keeps it trivially serialisable in DTOs and rows.
 */
export type LocalDate = string;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Splits and checks a 'YYYY-MM-DD' string. A malformed date is a programming or input error, not a
 * domain rule, hence RangeError rather than DomainError.
 */
export function parseLocalDate(date: LocalDate): DateParts {
  const match = LOCAL_DATE.exec(date);
  if (!match) {
    throw new RangeError(`invalid date '${date}': expected YYYY-MM-DD`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`invalid date '${date}': no such day in the calendar`);
  }
  return { year, month, day };
}

/**
 * Whether a value is a real calendar date 'YYYY-MM-DD' from 1900 on: what the API accepts wherever
 * it takes a date (2026-02-30, 0000-01-01 and 2026-13-01 are not).
 */
export function isCalendarDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  try {
    return parseLocalDate(value).year >= 1900;
  } catch {
    return false;
  }
}

/**
 * Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). Pure integer
 * arithmetic avoids Date.UTC, which silently maps years 0-99 to 1900-1999.
 */
export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Inverse of toEpochDay (H. Hinnant's civil_from_days). */
export function fromEpochDay(epochDay: number): LocalDate {
  if (!Number.isSafeInteger(epochDay)) {
    throw new RangeError(`invalid epoch day ${epochDay}`);
  }
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    throw new RangeError(`epoch day ${epochDay} is outside years 0000-9999`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** 0 = Sunday .. 6 = Saturday, like Date#getUTCDay. */
export function dayOfWeek(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps negative epoch days in range.
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: LocalDate): number {
  return parseLocalDate(date).year;
}
