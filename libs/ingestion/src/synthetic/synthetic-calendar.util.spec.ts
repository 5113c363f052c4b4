import { addMonths, DayTable, dayOf, dayOfYmd, formatDay, yearOfDay } from './synthetic-calendar.util';

describe('synthetic calendar', () => {
  it('round-trips calendar dates through day numbers', () => {
    expect(dayOf('1970-01-01')).toBe(0);
    expect(dayOf('2026-03-01')).toBe(dayOfYmd(2026, 3, 1));
    expect(formatDay(dayOf('2024-02-29'))).toBe('2024-02-29');
    expect(yearOfDay(dayOf('2025-12-31'))).toBe(2025);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', ''])('rejects %p', (date) => {
    expect(() => dayOf(date)).toThrow(RangeError);
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(formatDay(addMonths(dayOf('2025-08-31'), 6))).toBe('2026-02-28');
    expect(formatDay(addMonths(dayOf('2024-02-29'), 12))).toBe('2025-02-28');
    expect(formatDay(addMonths(dayOf('2026-05-20'), -60))).toBe('2021-05-20');
    expect(formatDay(addMonths(dayOf('2025-12-25'), 36))).toBe('2028-12-25');
  });

  it('formats from its table and falls back outside it', () => {
    const table = new DayTable(dayOf('2020-01-01'), dayOf('2020-12-31'));
    expect(table.format(dayOf('2020-07-04'))).toBe('2020-07-04');
    expect(table.year(dayOf('2020-07-04'))).toBe(2020);
    expect(table.format(dayOf('2031-01-02'))).toBe('2031-01-02');
    expect(table.year(dayOf('1999-12-31'))).toBe(1999);
  });
});
