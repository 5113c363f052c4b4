import { shanghaiDateOf, validateUscc } from '@app/domain';

/** Decimal money or quantity as a string: never a float. */
export const DECIMAL = /^\d{1,18}(\.\d{1,2})?$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
/** Years before this are typing errors (and year 0000 is no year at all: PostgreSQL refuses it). */
const MIN_YEAR = 1000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A real calendar date YYYY-MM-DD from year 1000 on (arithmetic, not Date: this runs for every date
 * of every row).
 */
export function isLocalDate(value: string): boolean {
  if (value.length !== 10 || !LOCAL_DATE.test(value)) return false;
  const year = +value.slice(0, 4);
  const month = +value.slice(5, 7);
  const day = +value.slice(8, 10);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/**
 * An ISO-8601 date-time with a zone whose every part is real: Date.parse alone takes 2026-02-30 for
 * March 2nd and 24:00 for the next day.
 */
export function isInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  return match !== null && isLocalDate(match[1]) && !Number.isNaN(Date.parse(value));
}

/**
 * Records repeat their enterprise's code (about ten rows each), so remembering recent valid codes
 * saves most check-digit work on bulk loads. Bounded: cleared when full.
 */
const validUscc = new Set<string>();
function isValidUsccCached(value: string): boolean {
  if (validUscc.has(value)) return true;
  if (!validateUscc(value).valid) return false;
  if (validUscc.size >= 100_000) validUscc.clear();
  validUscc.add(value);
  return true;
}

/** The ajv formats of the row schemas, with the message each failure shows. */
export const ROW_FORMATS: Record<
  string,
  { validate: (value: string) => boolean; message: (value: unknown) => string }
> = {
  uscc: {
    validate: isValidUsccCached,
    message: (v) => {
      const r = validateUscc(String(v));
      return r.valid ? 'invalid' : r.message;
    },
  },
  'local-date': {
    validate: isLocalDate,
    message: (v) => `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(v)}`,
  },
  instant: {
    validate: isInstant,
    message: (v) =>
      `must be an ISO-8601 date-time with time zone, e.g. 2026-03-01T09:30:00+08:00, got ${JSON.stringify(v)}`,
  },
  decimal: {
    validate: (v) => DECIMAL.test(v),
    message: (v) =>
      `must be a non-negative decimal of at most 18 digits and 2 decimals (numeric(20,2)), e.g. "1200.50", got ${JSON.stringify(v)}`,
  },
  region: {
    validate: (v) => /^\d{6}$/.test(v),
    message: (v) => `must be a 6-digit administrative division code, got ${JSON.stringify(v)}`,
  },
  industry: {
    validate: (v) => /^([A-T]|[A-T]?\d{2,4})$/.test(v),
    message: (v) => `must be a GB/T 4754 code (a section letter and/or 2-4 digits), got ${JSON.stringify(v)}`,
  },
};

/** "1000" → "1000.00", the form numeric(20,2) returns, so identical re-sends compare equal. */
export function toMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
}

/** Today's date in the regulatory calendar (Asia/Shanghai, UTC+8). */
export function shanghaiToday(now = Date.now()): string {
  return shanghaiDateOf(new Date(now));
}
