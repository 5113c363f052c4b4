import fc from 'fast-check';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { calendar2025, regulatoryCalendar as calendar } from './shipped-calendars.spec-helper';
import { addDays, fromEpochDay, toEpochDay } from './local-date.util';
import { RegulatoryCalendar } from './regulatory-calendar.model';
import { shanghaiDateOf } from './shanghai-time.util';

function expectNotCovered(action: () => unknown, year: number): void {
  expect.hasAssertions();
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.CalendarNotCovered);
    expect((error as DomainError).message).toMatch(
      new RegExp(`^regulatory calendar has no data for ${year} `),
    );
    return;
  }
  throw new Error('expected CalendarNotCovered');
}

describe('RegulatoryCalendar', () => {
  describe('isWorkingDay', () => {
    it.each([
      ['2025-03-05', true, 'an ordinary Wednesday'],
      ['2025-03-08', false, 'an ordinary Saturday'],
      ['2025-03-09', false, 'an ordinary Sunday'],
      ['2025-10-08', false, 'a Wednesday inside the National Day holiday'],
      ['2025-09-28', true, 'a make-up Sunday before National Day'],
      ['2025-10-11', true, 'a make-up Saturday after National Day'],
      ['2025-01-26', true, 'a make-up Sunday before Spring Festival'],
      ['2026-01-04', true, 'the make-up Sunday after New Year 2026'],
      ['2026-02-23', false, 'Monday, last day of Spring Festival 2026'],
      ['2027-02-05', false, '除夕 2027 (provisional data)'],
      ['2027-02-08', false, '正月初三 2027, a Monday'],
      ['2027-02-09', true, 'the Tuesday after the provisional Spring Festival'],
    ])('%s is %s (%s)', (date, expected) => {
      expect(calendar.isWorkingDay(date)).toBe(expected);
    });
  });

  describe('addWorkingDays', () => {
    it('counts 20 working days across the 2025 National Day holiday, make-up days included', () => {
      // From Fri 2025-09-26: Sat 27 off; Sun 28 make-up (1); Mon 29 (2); Tue 30 (3);
      // Oct 1-8 holiday; Thu 9 (4); Fri 10 (5); Sat 11 make-up (6); Sun 12 off;
      // Oct 13-17 (7-11); Oct 20-24 (12-16); Mon 27 (17), Tue 28 (18), Wed 29 (19), Thu 30 (20).
      expect(calendar.addWorkingDays('2025-09-26', 20)).toBe('2025-10-30');
      expect(calendar.workingDaysBetween('2025-09-26', '2025-10-30')).toBe(20);
    });

    it('counts 20 working days across Spring Festival 2026 and its two make-up Saturdays', () => {
      // From Fri 2026-02-06: Feb 9-13 (1-5); Sat 14 make-up (6); Feb 15-23 holiday;
      // Feb 24-27 (7-10); Sat 28 make-up (11); Mar 2-6 (12-16); Mar 9-12 (17-20).
      expect(calendar.addWorkingDays('2026-02-06', 20)).toBe('2026-03-12');
    });

    it('3-working-day correction windows that straddle a holiday', () => {
      // Fri 2026-02-13: Sat 14 make-up (1); Feb 15-23 holiday; Tue 24 (2); Wed 25 (3).
      expect(calendar.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
      // Wed 2025-04-30: May 1-5 holiday; Tue 6 (1), Wed 7 (2), Thu 8 (3).
      expect(calendar.addWorkingDays('2025-04-30', 3)).toBe('2025-05-08');
      // Thu 2025-04-03: Apr 4-6 清明; Mon 7 (1), Tue 8 (2), Wed 9 (3).
      expect(calendar.addWorkingDays('2025-04-03', 3)).toBe('2025-04-09');
    });

    it('treats a make-up Sunday as the next working day', () => {
      // Fri 2025-04-25: Sat 26 off; Sun 27 is the 劳动节 make-up day.
      expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-27');
      expect(calendar.addWorkingDays('2025-04-25', 2)).toBe('2025-04-28');
    });

    it('skips ordinary weekends', () => {
      expect(calendar.addWorkingDays('2025-03-07', 1)).toBe('2025-03-10'); // Fri -> Mon
      expect(calendar.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10'); // Sat -> Mon
      expect(calendar.addWorkingDays('2025-03-10', 5)).toBe('2025-03-17'); // Mon -> Mon
    });

    it('n = 0 keeps a working day and moves a non-working day forward', () => {
      expect(calendar.addWorkingDays('2025-03-05', 0)).toBe('2025-03-05');
      expect(calendar.addWorkingDays('2025-03-08', 0)).toBe('2025-03-10');
      expect(calendar.addWorkingDays('2025-10-01', 0)).toBe('2025-10-09');
      expect(calendar.addWorkingDays('2025-09-28', 0)).toBe('2025-09-28'); // make-up Sunday
    });

    it('negative n counts backwards strictly before the date', () => {
      expect(calendar.addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
      // Sun 12 off; Sat 11 make-up (1); Fri 10 (2).
      expect(calendar.addWorkingDays('2025-10-13', -2)).toBe('2025-10-10');
      expect(calendar.addWorkingDays('2025-03-08', -1)).toBe('2025-03-07');
      // Feb 15-23 holiday; Sat 14 make-up.
      expect(calendar.addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
    });

    it('crosses year boundaries', () => {
      // Jan 1-3 2026 元旦; Sun Jan 4 is a make-up day.
      expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
      expect(calendar.addWorkingDays('2026-01-05', -2)).toBe('2025-12-31');
      // Fri 2027-01-01 元旦, then a weekend.
      expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    });

    it('rejects a non-integer count', () => {
      expect(() => calendar.addWorkingDays('2025-03-05', 1.5)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2025-03-05', Number.NaN)).toThrow(
        'working days must be an integer, got NaN',
      );
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days in (from, to]', () => {
      expect(calendar.workingDaysBetween('2025-03-05', '2025-03-05')).toBe(0);
      expect(calendar.workingDaysBetween('2025-03-07', '2025-03-10')).toBe(1);
      expect(calendar.workingDaysBetween('2025-03-08', '2025-03-09')).toBe(0);
      expect(calendar.workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    });

    it('is negative when to is before from', () => {
      expect(calendar.workingDaysBetween('2025-10-09', '2025-09-30')).toBe(-1);
      expect(calendar.workingDaysBetween('2025-10-30', '2025-09-26')).toBe(-20);
    });

    it('counts the 248 working days of 2025', () => {
      // 2025 starts on a Wednesday: 52 full weeks + 1 day = 261 Mon-Fri days. Holidays on
      // Mon-Fri: Jan 1; Jan 28-31, Feb 3-4 (6); Apr 4; May 1, 2, 5 (3); Jun 2; Oct 1-3, 6-8 (6)
      // = 18. Plus 5 make-up days: 261 - 18 + 5 = 248. Jan 1 itself is excluded by (from, to]
      // but is a holiday anyway.
      expect(calendar.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(248);
    });
  });

  describe('deadline', () => {
    it('ends at 23:59:59.999 Shanghai time on the last working day', () => {
      const deadline = calendar.deadline(new Date('2025-09-26T23:30:00+08:00'), 20);
      expect(deadline.toISOString()).toBe('2025-10-30T15:59:59.999Z');
    });

    it('takes the start date in Shanghai, not UTC', () => {
      // 23:30 in Shanghai on 30 Sep (15:30 UTC) is a working day: n = 0 keeps it.
      expect(calendar.deadline(new Date('2025-09-30T23:30:00+08:00'), 0).toISOString()).toBe(
        '2025-09-30T15:59:59.999Z',
      );
      // 17:00 UTC on 30 Sep is 01:00 on 1 Oct in Shanghai, a holiday: n = 0 moves to Thu 9 Oct.
      expect(calendar.deadline(new Date('2025-09-30T17:00:00Z'), 0).toISOString()).toBe(
        '2025-10-09T15:59:59.999Z',
      );
      expect(calendar.deadline(new Date('2025-09-30T17:00:00Z'), 20).toISOString()).toBe(
        // Oct 9-10 (1-2), Sat 11 (3), Oct 13-17 (4-8), 20-24 (9-13), 27-31 (14-18), Nov 3-4 (19-20).
        '2025-11-04T15:59:59.999Z',
      );
    });

    it('rejects an invalid instant', () => {
      expect(() => calendar.deadline(new Date('garbage'), 1)).toThrow(RangeError);
    });
  });

  describe('coverage', () => {
    it('knows which years it covers and which are provisional', () => {
      expect(calendar.coveredYears()).toEqual([2025, 2026, 2027]);
      expect(calendar.covers(2024)).toBe(false);
      expect(calendar.covers(2025)).toBe(true);
      expect(calendar.covers(2028)).toBe(false);
      expect(calendar.isProvisional(2025)).toBe(false);
      expect(calendar.isProvisional(2026)).toBe(false);
      expect(calendar.isProvisional(2027)).toBe(true);
    });

    it('refuses dates in 2024 and 2028 instead of guessing', () => {
      expectNotCovered(() => calendar.isWorkingDay('2024-12-31'), 2024);
      expectNotCovered(() => calendar.isWorkingDay('2028-01-03'), 2028);
      expectNotCovered(() => calendar.isProvisional(2028), 2028);
      expectNotCovered(() => calendar.workingDaysBetween('2027-12-01', '2028-01-05'), 2028);
      expectNotCovered(() => calendar.addWorkingDays('2024-06-01', 0), 2024);
    });

    it('refuses when counting runs off the covered years', () => {
      // Fri 2027-12-31 + 1 would be in 2028.
      expectNotCovered(() => calendar.addWorkingDays('2027-12-31', 1), 2028);
      // Wed 2025-01-01 is a holiday, so the previous working day would be in 2024.
      expectNotCovered(() => calendar.addWorkingDays('2025-01-02', -1), 2024);
      expectNotCovered(() => calendar.deadline(new Date('2027-12-20T12:00:00+08:00'), 20), 2028);
    });

    it('names the date and the covered years in the message', () => {
      expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(
        'regulatory calendar has no data for 2028 (needed for 2028-01-03; covered years: 2025, 2026, 2027)',
      );
      expect(() => new RegulatoryCalendar([]).isWorkingDay('2025-01-02')).toThrow(
        'regulatory calendar has no data for 2025 (needed for 2025-01-02; covered years: none)',
      );
    });

    it('rejects malformed dates with a RangeError, not a coverage error', () => {
      expect(() => calendar.isWorkingDay('2025-02-29')).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2025/03/05', 1)).toThrow(RangeError);
      expect(() => calendar.workingDaysBetween('2025-03-05', '2025-3-6')).toThrow(RangeError);
    });
  });

  describe('construction', () => {
    it('rejects a year given twice', () => {
      expect(() => new RegulatoryCalendar([calendar2025, calendar2025])).toThrow(
        'year 2025 is given twice to the regulatory calendar',
      );
    });

    it('validates every year it is given', () => {
      const broken = { ...calendar2025, makeUpWorkdays: [{ date: '2025-09-29', name: 'typo' }] };
      expect(() => new RegulatoryCalendar([broken])).toThrow(
        'makeUpWorkdays[0] 2025-09-29 is a make-up workday on a weekday',
      );
    });
  });

  describe('properties', () => {
    const dateBetween = (from: string, to: string) =>
      fc.integer({ min: toEpochDay(from), max: toEpochDay(to) }).map(fromEpochDay);
    // Ranges chosen so that 60 working days (or 240 calendar days) never leave 2025-2027.
    const forwardDate = dateBetween('2025-01-01', '2027-09-30');
    const backwardDate = dateBetween('2025-04-15', '2027-12-31');
    const earlyDate = dateBetween('2025-01-01', '2027-05-01');
    const count = fc.integer({ min: 0, max: 60 });

    it('addWorkingDays lands on a working day and workingDaysBetween inverts it', () => {
      fc.assert(
        fc.property(forwardDate, count, (date, n) => {
          const result = calendar.addWorkingDays(date, n);
          expect(calendar.isWorkingDay(result)).toBe(true);
          if (calendar.isWorkingDay(date)) {
            expect(calendar.workingDaysBetween(date, result)).toBe(n);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('going back n working days is the mirror image', () => {
      fc.assert(
        fc.property(backwardDate, fc.integer({ min: 1, max: 60 }), (date, n) => {
          const result = calendar.addWorkingDays(date, -n);
          expect(calendar.isWorkingDay(result)).toBe(true);
          expect(toEpochDay(result)).toBeLessThan(toEpochDay(date));
          if (calendar.isWorkingDay(date)) {
            expect(calendar.workingDaysBetween(date, result)).toBe(-n);
            expect(calendar.addWorkingDays(result, n)).toBe(date);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('workingDaysBetween is additive', () => {
      fc.assert(
        fc.property(earlyDate, fc.nat({ max: 120 }), fc.nat({ max: 120 }), (a, x, y) => {
          const b = addDays(a, x);
          const c = addDays(b, y);
          expect(calendar.workingDaysBetween(a, c)).toBe(
            calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c),
          );
        }),
        { numRuns: 300 },
      );
    });

    it('a deadline is never before its start and always ends a Shanghai day', () => {
      const start = Date.parse('2025-01-01T00:00:00+08:00');
      const end = Date.parse('2027-09-30T00:00:00+08:00');
      fc.assert(
        fc.property(fc.integer({ min: start, max: end }), count, (time, n) => {
          const from = new Date(time);
          const deadline = calendar.deadline(from, n);
          expect(deadline.getTime()).toBeGreaterThanOrEqual(time);
          expect(deadline.toISOString().endsWith('T15:59:59.999Z')).toBe(true);
          expect(calendar.isWorkingDay(shanghaiDateOf(deadline))).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });
});
