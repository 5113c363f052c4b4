import { migrationHeatmap, signed, tierCounts, tierCountsText } from './tiers';

describe('tiers as the console shows them', () => {
  it('gives counts in tier order and as text, a missing tier as 0', () => {
    expect(tierCounts({ B: 4, A: 25, D: 2 })).toEqual([25, 4, 0, 2]);
    expect(tierCountsText({ A: 1250, C: 3 }, 7)).toBe('A 1,250 · B 0 · C 3 · D 0 · — 7');
    expect(tierCountsText(undefined)).toBe('A 0 · B 0 · C 0 · D 0');
  });

  it('signs a movement', () => {
    expect([signed(3), signed(-2), signed(0), signed(12000)]).toEqual(['+3', '−2', '0', '+12,000']);
  });

  it('turns a migration matrix into heatmap cells over A–D (and other outcomes), counting the changes', () => {
    const h = migrationHeatmap({ A: { A: 25, B: 1 }, C: { C: 2, D: 1 }, D: { D: 2, none: 1 } });
    expect(h.from).toEqual(['A', 'B', 'C', 'D']);
    expect(h.to).toEqual(['A', 'B', 'C', 'D', 'none']);
    expect(h.cells).toHaveLength(4 * 5);
    expect(h.cells).toContainEqual([1, 0, 1]); // A → B: x = to B, y = from A
    expect(h.cells).toContainEqual([3, 2, 1]); // C → D
    expect(h.cells).toContainEqual([0, 1, 0]); // B → A: absent, 0
    expect(h.max).toBe(25);
    expect(h.changed).toBe(3);
  });
});
