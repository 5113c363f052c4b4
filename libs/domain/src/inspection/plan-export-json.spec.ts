import { createPlan, exportedPlanJson, PlanInput } from './plan-export';
import { DEFAULT_STRATA, syntheticPool } from './sampling.spec-helper';

function input(poolSize: number): PlanInput {
  return {
    seed: 'json-pieces',
    strata: [...DEFAULT_STRATA],
    pool: syntheticPool(poolSize, ['330106', '330203']),
    requiredQualifications: ['food'],
    inspectorsPerTask: 2,
    // One qualified inspector for region 33: some tasks are unassignable (the other task shape).
    roster: [
      { id: 'I-1', certified: true, qualifications: ['food'], capacity: 40 },
      { id: 'I-2', certified: true, qualifications: ['food'], capacity: 40, regions: ['33'] },
      { id: 'I-3', certified: false, qualifications: ['food'], capacity: 40 },
    ],
    previousAssignments: { [syntheticPool(1)[0].uscc]: ['I-1'] },
    plan: { name: 'pieces "quoted" 食品', window: { start: '2026-12-01', end: '2026-12-31' } },
    provenance: {
      planId: 'plan-1',
      scope: { regionPrefix: '33' },
      drawType: 'undirected',
      drawnAt: new Date('2026-12-01T00:00:00Z'),
      seedSource: 'caller',
    },
  };
}

describe('exportedPlanJson', () => {
  it('writes in pieces exactly the text JSON.stringify writes for the whole document', () => {
    const plan = createPlan(input(5_000));
    expect(plan.result.tasks.some((t) => t.status !== 'assigned')).toBe(true);
    const pieces = [...exportedPlanJson(plan, 4096)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4096 + 200);
    expect(pieces.join('')).toBe(JSON.stringify(plan));
  });

  it('writes an empty pool and an empty task list as []', () => {
    const plan = createPlan({ ...input(0) });
    expect(plan.pool).toEqual([]);
    expect([...exportedPlanJson(plan)].join('')).toBe(JSON.stringify(plan));
  });

  it('exports the pool entries in a list of its own (the caller keeps its array)', () => {
    const planInput = input(300);
    const plan = createPlan(planInput);
    expect(plan.pool).toEqual(planInput.pool);
    plan.pool.pop();
    expect(planInput.pool).toHaveLength(300);
  });
});
