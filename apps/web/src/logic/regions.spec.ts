import { breakdownRegions, labelOf, mapLimited, PROVINCES } from './regions';

describe('region breakdowns', () => {
  it('breaks a national view down by province, a regional one by its own regions, within a filter', () => {
    expect(breakdownRegions(['*'])).toHaveLength(31);
    expect(breakdownRegions(['3301', '3302'])).toEqual(['3301', '3302']);
    expect(breakdownRegions(['*'], '35')).toEqual(['35']);
    expect(breakdownRegions(['*'], '3501')).toEqual(['3501']);
    expect(labelOf(PROVINCES, '35', 'zh-CN')).toBe('35 福建');
    expect(labelOf(PROVINCES, '35', 'en')).toBe('35 Fujian');
    expect(labelOf(PROVINCES, '3501', 'en')).toBe('3501');
  });

  it('runs at most `limit` at a time and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
