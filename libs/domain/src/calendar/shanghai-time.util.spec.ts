import fc from 'fast-check';
import { addDays } from './local-date.util';
import {
  endOfShanghaiDay,
  shanghaiDateOf,
  shanghaiIsoString,
  startOfShanghaiDay,
} from './shanghai-time.util';

describe('Shanghai time', () => {
  it('takes the date in UTC+8, not in UTC or the host zone', () => {
    // 23:30 in Shanghai is still 30 Sep there, although it is 15:30 UTC.
    expect(shanghaiDateOf(new Date('2025-09-30T23:30:00+08:00'))).toBe('2025-09-30');
    // 17:00 UTC on 30 Sep is already 01:00 on 1 Oct in Shanghai.
    expect(shanghaiDateOf(new Date('2025-09-30T17:00:00Z'))).toBe('2025-10-01');
    expect(shanghaiDateOf(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(shanghaiDateOf(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
  });

  it('gives the first and last millisecond of a Shanghai day', () => {
    expect(startOfShanghaiDay('2025-10-01').toISOString()).toBe('2025-09-30T16:00:00.000Z');
    expect(endOfShanghaiDay('2025-10-01').toISOString()).toBe('2025-10-01T15:59:59.999Z');
  });

  it('writes an instant as ISO-8601 in Shanghai time, with its offset', () => {
    const instant = new Date('2026-11-25T02:00:00.000Z');
    expect(shanghaiIsoString(instant)).toBe('2026-11-25T10:00:00.000+08:00');
    expect(new Date(shanghaiIsoString(instant)).getTime()).toBe(instant.getTime());
    expect(shanghaiIsoString(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01T00:30:00.000+08:00');
    expect(() => shanghaiIsoString(new Date('x'))).toThrow(RangeError);
  });

  it('rejects an invalid Date and a malformed date string', () => {
    expect(() => shanghaiDateOf(new Date('not a date'))).toThrow(RangeError);
    expect(() => startOfShanghaiDay('2025-02-30')).toThrow(RangeError);
    expect(() => endOfShanghaiDay('20250101')).toThrow(RangeError);
  });

  it('start and end of day fall on that day and are exactly one day minus 1 ms apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 5 }), (offset) => {
        const date = addDays('2024-01-01', offset);
        const start = startOfShanghaiDay(date);
        const end = endOfShanghaiDay(date);
        expect(shanghaiDateOf(start)).toBe(date);
        expect(shanghaiDateOf(end)).toBe(date);
        expect(shanghaiDateOf(new Date(start.getTime() - 1))).toBe(addDays(date, -1));
        expect(shanghaiDateOf(new Date(end.getTime() + 1))).toBe(addDays(date, 1));
        expect(end.getTime() - start.getTime()).toBe(86_400_000 - 1);
      }),
    );
  });
});
