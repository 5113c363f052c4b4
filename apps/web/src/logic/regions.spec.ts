import { breakdownLevel, labelOf, PROVINCES } from './regions';

describe('region breakdowns', () => {
  it('breaks a national view down by province, a regional one a level below its regions or the filter', () => {
    expect(breakdownLevel(['*'])).toBe('province');
    expect(breakdownLevel(['35'])).toBe('city');
    expect(breakdownLevel(['3301', '3302'])).toBe('county');
    expect(breakdownLevel(['3301', '35'])).toBe('city');
    expect(breakdownLevel(['*'], '35')).toBe('city');
    expect(breakdownLevel(['*'], '3501')).toBe('county');
    expect(breakdownLevel(['*'], '3')).toBe('province');
    expect(labelOf(PROVINCES, '35', 'zh-CN')).toBe('35 福建');
    expect(labelOf(PROVINCES, '35', 'en')).toBe('35 Fujian');
    expect(labelOf(PROVINCES, '3501', 'en')).toBe('3501');
  });
});
