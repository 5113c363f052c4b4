import { addComparison, emptyTally, mergeTallies, simulationFigures, SideOutcome } from './simulation-tally';

const side = (tier: string, score: number, rules: [string, number][], visits: number): SideOutcome => ({
  tier,
  score,
  rules: rules.map(([rule, points]) => ({ rule, points })),
  visitsMicro: visits,
});
const basis = {
  inspectorsPerVisit: 2,
  periodWorkingDays: 21,
  roster: { inspectors: 2, capacityPerPeriod: 60 },
};

describe('simulation tally', () => {
  it('sums chunks in any order to the same matrix, hits, mean points and workload', () => {
    const a = emptyTally();
    const b = emptyTally();
    expect(
      addComparison(a, {
        uscc: 'x1',
        old: side('A', 95, [['p', -5]], 500_000),
        new: side('A', 95, [['p', -5]], 500_000),
      }),
    ).toBe(false);
    expect(
      addComparison(a, {
        uscc: 'x2',
        old: side('B', 80, [['p', -20]], 1_000_000),
        new: side('C', 60, [['p', -40]], 2_000_000),
      }),
    ).toBe(true);
    addComparison(b, { uscc: 'x3', old: side('D', 100, [['cap', 0]], 2_000_000), new: null });
    const figures = simulationFigures(mergeTallies([b, a]), ['A', 'B', 'C', 'D'], ['p', 'cap'], basis);
    expect(figures.enterprises).toBe(3);
    expect(figures.changed).toBe(2);
    expect(figures.tiers).toEqual(['A', 'B', 'C', 'D', 'unassessed']);
    expect(figures.matrix.B).toEqual({ A: 0, B: 0, C: 1, D: 0, unassessed: 0 });
    expect(figures.matrix.D.unassessed).toBe(1);
    expect(figures.matrix.A.A).toBe(1);
    expect(figures.unassessed).toEqual({ old: 0, new: 1 });
    expect(figures.meanScore).toEqual({ old: '91.67', new: '77.50' });
    expect(figures.rules).toEqual([
      { rule: 'p', old: { hits: 2, meanPoints: '-8.33' }, new: { hits: 2, meanPoints: '-22.50' } },
      { rule: 'cap', old: { hits: 1, meanPoints: '0.00' }, new: { hits: 0, meanPoints: '0.00' } },
    ]);
    // C new: 2 inspections a year × 2 inspectors × 21 days / (60 / 2 mean capacity) = 2.8 inspector-days
    const c = figures.workload.perTier.find((t) => t.tier === 'C')!;
    expect(c.new).toEqual({ enterprises: 1, inspectionsPerYear: '2.00', inspectorDaysPerYear: '2.8' });
    expect(c.old).toEqual({ enterprises: 0, inspectionsPerYear: '0.00', inspectorDaysPerYear: '0.0' });
    expect(figures.workload.total.old.inspectionsPerYear).toBe('3.50');
    expect(figures.workload.total.new.inspectionsPerYear).toBe('2.50');
  });

  it('has no inspector-days without roster capacity', () => {
    const t = emptyTally();
    addComparison(t, { uscc: 'x', old: side('A', 90, [], 500_000), new: side('A', 90, [], 500_000) });
    const f = simulationFigures(t, ['A'], [], { ...basis, roster: { inspectors: 0, capacityPerPeriod: 0 } });
    expect(f.workload.total.new.inspectorDaysPerYear).toBeNull();
  });
});
