import {
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  percentOf,
  todayInShanghai,
} from './format';

describe('dates and numbers in Asia/Shanghai', () => {
  it('dates an instant by its day in Shanghai, keeps a calendar date', () => {
    expect(formatDate('2026-12-01T16:30:00Z')).toBe('2026-12-02');
    expect(formatDate('2026-12-02')).toBe('2026-12-02');
    expect(formatDate(null)).toBe('');
    expect(formatDateTime('2026-12-01T16:30:00Z')).toBe('2026-12-02 00:30');
    expect(todayInShanghai(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('separates thousands and reads durations', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('-');
    expect([formatDuration(12), formatDuration(200), formatDuration(3900), formatDuration(null)]).toEqual([
      '12 s',
      '3 min 20 s',
      '1 h 05 min',
      '-',
    ]);
    expect([percentOf(1, 3), percentOf(5, 0), percentOf(9, 3)]).toEqual([33, 0, 100]);
  });
});
