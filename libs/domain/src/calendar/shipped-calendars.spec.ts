import { addDays, toEpochDay } from './local-date.util';
import {
  calendar2025,
  calendar2026,
  calendar2027,
  SHIPPED_YEAR_CALENDARS,
} from './shipped-calendars.spec-helper';

/** Expands the notices' "from A to B" wording into single days, independently of the data files. */
function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; toEpochDay(day) <= toEpochDay(to); day = addDays(day, 1)) days.push(day);
  return days;
}

describe('shipped holiday data (rules/calendars/<year>.json)', () => {
  it('ships 2025, 2026 and 2027, only 2027 provisional', () => {
    expect(SHIPPED_YEAR_CALENDARS.map((y) => [y.year, y.status])).toEqual([
      [2025, 'official'],
      [2026, 'official'],
      [2027, 'provisional'],
    ]);
  });

  it('2025 matches 国办发明电〔2024〕12号', () => {
    expect(calendar2025.holidays.map((h) => h.date)).toEqual([
      '2025-01-01',
      ...span('2025-01-28', '2025-02-04'), // 春节, 8 days
      ...span('2025-04-04', '2025-04-06'), // 清明节
      ...span('2025-05-01', '2025-05-05'), // 劳动节
      ...span('2025-05-31', '2025-06-02'), // 端午节
      ...span('2025-10-01', '2025-10-08'), // 国庆节、中秋节, 8 days
    ]);
    expect(calendar2025.makeUpWorkdays.map((m) => m.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
  });

  it('2026 matches the 2026 notice of 2025-11-04', () => {
    expect(calendar2026.holidays.map((h) => h.date)).toEqual([
      ...span('2026-01-01', '2026-01-03'), // 元旦
      ...span('2026-02-15', '2026-02-23'), // 春节, 9 days
      ...span('2026-04-04', '2026-04-06'), // 清明节
      ...span('2026-05-01', '2026-05-05'), // 劳动节
      ...span('2026-06-19', '2026-06-21'), // 端午节
      ...span('2026-09-25', '2026-09-27'), // 中秋节
      ...span('2026-10-01', '2026-10-07'), // 国庆节
    ]);
    expect(calendar2026.makeUpWorkdays.map((m) => m.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('2027 holds the 13 statutory days only, with no make-up workdays', () => {
    // 元旦 1 + 春节 4 + 清明 1 + 劳动节 2 + 端午 1 + 中秋 1 + 国庆 3 = 13 (放假办法, 2024 revision).
    expect(calendar2027.holidays.map((h) => h.date)).toEqual([
      '2027-01-01',
      ...span('2027-02-05', '2027-02-08'),
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      ...span('2027-10-01', '2027-10-03'),
    ]);
    expect(calendar2027.makeUpWorkdays).toEqual([]);
  });
});
