import fc from 'fast-check';
import {
  addDays,
  dayOfWeek,
  fromEpochDay,
  isWeekend,
  parseLocalDate,
  toEpochDay,
  yearOf,
} from './local-date.util';

describe('local dates', () => {
  it('parses a valid date', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(yearOf('2027-12-31')).toBe(2027);
  });

  it.each([
    ['2025-02-29', "invalid date '2025-02-29': no such day in the calendar"],
    ['1900-02-29', "invalid date '1900-02-29': no such day in the calendar"],
    ['2025-04-31', "invalid date '2025-04-31': no such day in the calendar"],
    ['2025-13-01', "invalid date '2025-13-01': no such day in the calendar"],
    ['2025-00-10', "invalid date '2025-00-10': no such day in the calendar"],
    ['2025-1-01', "invalid date '2025-1-01': expected YYYY-MM-DD"],
    ['2025/01/01', "invalid date '2025/01/01': expected YYYY-MM-DD"],
    ['2025-01-01T00:00:00Z', "invalid date '2025-01-01T00:00:00Z': expected YYYY-MM-DD"],
    ['', "invalid date '': expected YYYY-MM-DD"],
  ])('rejects %j with a RangeError', (input, message) => {
    expect(() => parseLocalDate(input)).toThrow(RangeError);
    expect(() => parseLocalDate(input)).toThrow(message);
  });

  it('counts epoch days from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(toEpochDay('2000-03-01')).toBe(11017);
    expect(fromEpochDay(0)).toBe('1970-01-01');
    // Years below 100 are where Date.UTC would go wrong (it maps 0-99 to 1900-1999).
    expect(fromEpochDay(toEpochDay('0025-06-15'))).toBe('0025-06-15');
  });

  it('agrees with Date for every day in 1900-2200', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') }),
        (epochDay) => {
          const viaDate = new Date(epochDay * 86_400_000);
          expect(fromEpochDay(epochDay)).toBe(viaDate.toISOString().slice(0, 10));
          expect(toEpochDay(fromEpochDay(epochDay))).toBe(epochDay);
          expect(dayOfWeek(fromEpochDay(epochDay))).toBe(viaDate.getUTCDay());
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('knows weekends', () => {
    expect(dayOfWeek('2025-09-26')).toBe(5); // Friday
    expect(isWeekend('2025-09-27')).toBe(true); // Saturday
    expect(isWeekend('2025-09-28')).toBe(true); // Sunday
    expect(isWeekend('2025-09-29')).toBe(false); // Monday
  });
});
