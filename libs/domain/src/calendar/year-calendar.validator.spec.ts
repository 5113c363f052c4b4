import { SHIPPED_YEAR_CALENDARS } from './shipped-calendars.spec-helper';
import { YearCalendar } from './year-calendar.types';
import { validateYearCalendar } from './year-calendar.validator';

const base: YearCalendar = {
  year: 2030,
  status: 'official',
  source: 'test notice',
  holidays: [
    { date: '2030-01-01', name: '元旦' },
    { date: '2030-10-01', name: '国庆节' },
  ],
  makeUpWorkdays: [{ date: '2030-09-29', name: '国庆节调休上班' }], // Sunday
};

function withChanges(changes: Partial<YearCalendar>): YearCalendar {
  return { ...base, ...changes };
}

describe('validateYearCalendar', () => {
  it('accepts a well-formed year', () => {
    expect(() => validateYearCalendar(base)).not.toThrow();
  });

  it.each(SHIPPED_YEAR_CALENDARS.map((y) => [y.year, y] as const))(
    'accepts the shipped year %i',
    (_, year) => {
      expect(() => validateYearCalendar(year)).not.toThrow();
    },
  );

  it('rejects a holiday that is also a make-up workday', () => {
    const year = withChanges({ holidays: [...base.holidays, { date: '2030-09-29', name: '国庆节' }] });
    expect(() => validateYearCalendar(year)).toThrow(
      'invalid year calendar 2030: makeUpWorkdays[0] 2030-09-29 is also listed as a holiday',
    );
  });

  it('rejects dates outside the year', () => {
    const year = withChanges({ holidays: [{ date: '2029-12-31', name: '元旦' }] });
    expect(() => validateYearCalendar(year)).toThrow('holidays[0] 2029-12-31 is outside 2030');
    const makeUp = withChanges({ makeUpWorkdays: [{ date: '2031-01-04', name: 'x' }] });
    expect(() => validateYearCalendar(makeUp)).toThrow('makeUpWorkdays[0] 2031-01-04 is outside 2030');
  });

  it('rejects duplicates', () => {
    const year = withChanges({ holidays: [...base.holidays, { date: '2030-01-01', name: '元旦' }] });
    expect(() => validateYearCalendar(year)).toThrow('holidays[2] 2030-01-01 is listed twice');
    const makeUp = withChanges({ makeUpWorkdays: [...base.makeUpWorkdays, ...base.makeUpWorkdays] });
    expect(() => validateYearCalendar(makeUp)).toThrow('makeUpWorkdays[1] 2030-09-29 is listed twice');
  });

  it('rejects a make-up workday on a weekday', () => {
    // 2030-09-30 is a Monday.
    const year = withChanges({ makeUpWorkdays: [{ date: '2030-09-30', name: '国庆节调休上班' }] });
    expect(() => validateYearCalendar(year)).toThrow(
      'makeUpWorkdays[0] 2030-09-30 is a make-up workday on a weekday, which is already a working day',
    );
  });

  it('rejects malformed dates, empty names, an empty source and an unknown status', () => {
    const year = withChanges({
      status: 'draft' as YearCalendar['status'],
      source: ' ',
      holidays: [
        { date: '2030-02-30', name: '春节' },
        { date: '2030-05-01', name: '' },
      ],
    });
    expect(() => validateYearCalendar(year)).toThrow(RangeError);
    expect(() => validateYearCalendar(year)).toThrow(
      "invalid year calendar 2030: status must be 'official' or 'provisional', got 'draft'; " +
        'source is empty; ' +
        "holidays[0] 2030-02-30: invalid date '2030-02-30': no such day in the calendar; " +
        'holidays[1] 2030-05-01 has no name',
    );
  });

  it('rejects a non-integer year', () => {
    expect(() =>
      validateYearCalendar(withChanges({ year: 2030.5, holidays: [], makeUpWorkdays: [] })),
    ).toThrow('year must be an integer between 1 and 9999, got 2030.5');
  });
});
