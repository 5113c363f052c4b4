import type { RosterInspector } from './inspector-assignment';
import { createPlan, ExportedPlan, PlanInput } from './plan-export';
import { verifyPlan } from './plan-verify';
import { DEFAULT_STRATA, syntheticPool } from './sampling.spec-helper';

function input(): PlanInput {
  const roster: RosterInspector[] = Array.from({ length: 12 }, (_, i) => ({
    id: `INS-${i}`,
    certified: i !== 11,
    qualifications: i % 4 === 0 ? ['general'] : ['general', 'food'],
    regions: i < 6 ? ['3301'] : undefined,
    capacity: 20,
  }));
  const pool = syntheticPool(400, ['330106', '330203']);
  return {
    seed: 'verify-2026-batch-1',
    strata: [...DEFAULT_STRATA],
    pool,
    requiredQualifications: ['food'],
    inspectorsPerTask: 2,
    roster: roster.map((r, i) => (i === 1 ? { ...r, conflicts: [pool[0].uscc, pool[5].uscc] } : r)),
    previousAssignments: { [pool[10].uscc]: ['INS-2', 'INS-3'] },
    plan: { name: '2026 第一批 食品经营 双随机抽查' },
    provenance: {
      planId: '0193a1b2-0000-7000-8000-000000000001',
      scope: { regionPrefix: '33', tag: 'food' },
      drawType: 'directed',
      drawnAt: new Date('2026-11-25T02:00:00Z'),
      seedSource: 'server',
    },
  };
}

/** The plan as a third party gets it: through JSON. */
function exported(): ExportedPlan {
  return JSON.parse(JSON.stringify(createPlan(input()))) as ExportedPlan;
}

describe('verifyPlan', () => {
  it('accepts an untouched exported plan and says what it recomputed', () => {
    const plan = exported();
    const result = verifyPlan(plan);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.recomputed).toMatchObject({ poolDigest: plan.poolDigest, tasks: plan.result.tasks.length });
    expect(plan.result.tasks.length).toBeGreaterThan(20);
  });

  it('states the plan and the provenance of its draw (format /2)', () => {
    const plan = exported();
    expect(plan).toMatchObject({
      format: 'tierwatch-plan/2',
      planId: '0193a1b2-0000-7000-8000-000000000001',
      scope: { regionPrefix: '33', tag: 'food' },
      drawType: 'directed',
      drawnAt: '2026-11-25T10:00:00.000+08:00',
      seedSource: 'server',
    });
    expect(verifyPlan(plan)).toMatchObject({
      ok: true,
      format: 'tierwatch-plan/2',
      provenance: { seedSource: 'server', drawnAt: '2026-11-25T10:00:00.000+08:00', drawType: 'directed' },
    });
  });

  it('still verifies a tierwatch-plan/1 document, which has no provenance', () => {
    const { planId: _i, scope: _s, drawType: _d, drawnAt: _a, seedSource: _o, ...rest } = exported();
    const v1 = { ...rest, format: 'tierwatch-plan/1' };
    const result = verifyPlan(v1);
    expect(result.mismatches).toEqual([]);
    expect(result).toMatchObject({ ok: true, format: 'tierwatch-plan/1' });
    expect(result.provenance).toBeUndefined();
  });

  it('requires the provenance in a /2 document and checks its shape', () => {
    const plan = exported() as unknown as Record<string, unknown>;
    delete plan.seedSource;
    plan.drawnAt = '2026-11-25 10:00';
    plan.drawType = 'random';
    expect(verifyPlan(plan).mismatches.map((m) => m.path)).toEqual(['drawType', 'drawnAt', 'seedSource']);
  });

  it('catches an enterprise swapped into the selection', () => {
    const plan = exported();
    const drawn = new Set(plan.result.tasks.map((t) => t.uscc));
    const outsider = plan.pool.find((e) => e.tier === 'A' && !drawn.has(e.uscc))!;
    const i = plan.result.tasks.findIndex((t) => t.tier === 'A');
    plan.result.tasks[i] = { ...plan.result.tasks[i], uscc: outsider.uscc };
    const result = verifyPlan(plan);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([
      { path: `result.tasks[${i}].uscc`, message: expect.stringContaining(`recorded "${outsider.uscc}"`) },
    ]);
  });

  it('catches a dropped task and a changed inspector, each at its place', () => {
    const plan = exported();
    const last = plan.result.tasks.length - 1;
    plan.result.tasks.pop();
    const task = plan.result.tasks[3];
    if (task.status !== 'assigned') throw new Error('fixture: task 3 should be assigned');
    task.inspectors = [task.inspectors[0], 'INS-11'];
    const paths = verifyPlan(plan).mismatches.map((m) => m.path);
    expect(paths).toEqual(['result.tasks', 'result.tasks[3].inspectors', `result.tasks[${last}]`]);
  });

  it('catches a pool changed after the draw (an enterprise removed, a tier changed)', () => {
    const removed = exported();
    const drawn = new Set(removed.result.tasks.map((t) => t.uscc));
    removed.pool = removed.pool.filter((e) => drawn.has(e.uscc) || e.tier !== 'B' || e.uscc.endsWith('7'));
    const result = verifyPlan(removed);
    expect(result.ok).toBe(false);
    expect(result.mismatches[0].path).toBe('poolDigest');
    expect(result.mismatches.some((m) => m.path.startsWith('result.strata'))).toBe(true);

    const retiered = exported();
    const j = retiered.pool.findIndex((e) => e.tier === 'D');
    retiered.pool[j] = { ...retiered.pool[j], tier: 'A' };
    expect(verifyPlan(retiered).mismatches.map((m) => m.path)).toContain('poolDigest');
  });

  it('catches a changed pool whose recorded digest was changed with it, against the published digest', () => {
    const original = exported();
    const plan = exported();
    plan.pool.pop();
    const redone = createPlan({ ...input(), pool: plan.pool });
    plan.poolDigest = redone.poolDigest;
    plan.result = JSON.parse(JSON.stringify(redone.result)) as ExportedPlan['result'];
    expect(verifyPlan(plan).ok).toBe(true);
    const result = verifyPlan(plan, { publishedPoolDigest: original.poolDigest });
    expect(result.mismatches.map((m) => m.path)).toEqual(['pool']);
  });

  it('catches a different seed or roster', () => {
    const seeded = exported();
    seeded.seed = 'verify-2026-batch-2';
    expect(verifyPlan(seeded).mismatches.length).toBeGreaterThan(5);

    const roster = exported();
    const task = roster.result.tasks.find((t) => t.status === 'assigned')!;
    const first = task.status === 'assigned' ? task.inspectors[0] : '';
    roster.assignment.roster = roster.assignment.roster.map((r) =>
      r.id === first ? { ...r, conflicts: [...(r.conflicts ?? []), task.uscc] } : r,
    );
    expect(verifyPlan(roster).mismatches.map((m) => m.path)).toContain(
      `result.tasks[${roster.result.tasks.indexOf(task)}].inspectors`,
    );
  });

  it('reports a malformed document without recomputing', () => {
    expect(verifyPlan(null).ok).toBe(false);
    const plan = exported() as unknown as Record<string, unknown>;
    plan.format = 'tierwatch-plan/0';
    plan.poolDigest = 'ABC';
    delete plan.result;
    const result = verifyPlan(plan);
    expect(result.mismatches.map((m) => m.path)).toEqual(['format', 'poolDigest', 'result']);
    expect(result.recomputed).toBeUndefined();
  });

  it('reports an invalid pool entry with its path', () => {
    const plan = exported();
    plan.pool[7] = { ...plan.pool[7], uscc: 'not-a-code' };
    expect(verifyPlan(plan).mismatches).toEqual([
      { path: 'pool[7].uscc', message: expect.stringContaining('USCC alphabet') },
    ]);
  });
});
