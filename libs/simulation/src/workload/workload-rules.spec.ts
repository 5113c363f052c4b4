import { parseWorkloadRules, workloadRulesInForce } from './workload-rules';

describe('workload rule data', () => {
  it('reads the shipped file, with the inspectors per visit of the deadline rules in force', () => {
    expect(workloadRulesInForce('2026-06-01')).toEqual({
      version: '2026.1',
      effectiveFrom: '2025-01-01T00:00:00+08:00',
      inspectorsPerVisit: 2,
      periodWorkingDays: 21,
    });
  });

  it('names every problem by its path', () => {
    const r = parseWorkloadRules({
      kind: 'workload',
      version: '',
      effectiveFrom: '2025-01-01',
      capacityPeriod: { workingDays: 0, source: 'x' },
      extra: 1,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual([
      'workload: extra',
      'workload: version',
      'workload: effectiveFrom',
      'workload: capacityPeriod.workingDays',
    ]);
  });
});
