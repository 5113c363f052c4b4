import { LocalDate, fromEpochDay, toEpochDay } from './local-date.util';

/**
 * China Standard Time is a fixed UTC+8 with no daylight saving since 1991, so a constant offset
 * is exact for every date the regulatory calendar covers and needs no tz database at run time.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

function requireValidInstant(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) {
    throw new RangeError('invalid instant: Date is NaN');
  }
  return time;
}

/** The Shanghai calendar date on which `instant` falls. */
export function shanghaiDateOf(instant: Date): LocalDate {
  const time = requireValidInstant(instant);
  return fromEpochDay(Math.floor((time + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** 00:00:00.000 Shanghai time on `date`. */
export function startOfShanghaiDay(date: LocalDate): Date {
  return new Date(toEpochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 23:59:59.999 Shanghai time on `date`: a deadline "by day X" is met by anything during day X. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date(startOfShanghaiDay(date).getTime() + DAY_MS - 1);
}

/** The instant as ISO-8601 in Shanghai time with its offset: 2026-11-25T10:00:00.000+08:00. */
export function shanghaiIsoString(instant: Date): string {
  const time = requireValidInstant(instant);
  return new Date(time + SHANGHAI_OFFSET_MS).toISOString().replace(/Z$/, '+08:00');
}
