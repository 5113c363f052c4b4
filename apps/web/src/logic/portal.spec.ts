import { repairable, splitLines } from './portal';

describe('the enterprise portal', () => {
  const open = { repairableFrom: '2026-06-01', neverEarly: false, openRepair: null };

  it('offers a repair from its first day on, never early, never twice', () => {
    expect(repairable(open, '2026-05-31')).toBe(false);
    expect(repairable(open, '2026-06-01')).toBe(true);
    expect(repairable(open, '2026-12-02')).toBe(true);
    expect(repairable({ ...open, neverEarly: true }, '2026-12-02')).toBe(false);
    expect(repairable({ ...open, openRepair: { id: '1', status: 'pending' } }, '2026-12-02')).toBe(false);
    expect(repairable({ ...open, repairableFrom: null }, '2026-12-02')).toBe(false);
  });

  it('reads the attachments one per line', () => {
    expect(splitLines(' 罚款缴纳凭证.pdf \r\n\n整改报告.pdf\n  ')).toEqual([
      '罚款缴纳凭证.pdf',
      '整改报告.pdf',
    ]);
    expect(splitLines('')).toEqual([]);
  });
});
