import { epochDayOf } from './epoch-day.util';

describe('epochDayOf', () => {
  it.each([
    ['1970-01-01', 0],
    ['2026-01-01', 20454],
    ['2024-02-29', 19782],
    ['1969-12-31', -1],
  ])('%s is day %i', (date, day) => {
    expect(epochDayOf(date)).toBe(day);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-1', '0099-01-01', 'x'])('refuses %s', (date) => {
    expect(epochDayOf(date)).toBeUndefined();
  });
});
