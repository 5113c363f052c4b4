import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { makeUscc } from '../uscc';
import { assignInspectors, AssignmentInput, RosterInspector, TaskAssignment } from './inspector-assignment';
import { drawPlanSample } from './plan-draw';
import { assignmentStream } from './sampling-stream';
import { shuffled, syntheticUscc } from './sampling.spec-helper';
import type { PoolEntry } from './sampling-pool';

function inspector(id: string, extra: Partial<RosterInspector> = {}): RosterInspector {
  return { id, certified: true, qualifications: ['food'], capacity: 100, ...extra };
}

function roster(n: number, extra: (i: number) => Partial<RosterInspector> = () => ({})): RosterInspector[] {
  return Array.from({ length: n }, (_, i) => inspector(`I${String(i).padStart(4, '0')}`, extra(i)));
}

function selection(n: number, region = '330106'): PoolEntry[] {
  return Array.from({ length: n }, (_, i) => ({ uscc: syntheticUscc(i, region), tier: 'B', region }));
}

function base(overrides: Partial<AssignmentInput> = {}): AssignmentInput {
  return {
    seed: 'assign-test',
    selection: selection(50),
    roster: roster(20),
    requiredQualifications: ['food'],
    inspectorsPerTask: 2,
    ...overrides,
  };
}

const assignedOf = (task: TaskAssignment): string[] => (task.status === 'assigned' ? task.inspectors : []);

describe('assignInspectors', () => {
  it('reproduces the worked example of docs/sampling.md §5', () => {
    const tiers = ['A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'];
    const pool = tiers.map((tier, i) => ({
      uscc: makeUscc({ region: '330106', orgBody: `MA2B3C${String(i).padStart(2, '0')}` }),
      tier,
      region: '330106',
    }));
    const strata = [
      { tier: 'D', ratio: 0.8 },
      { tier: 'C', ratio: 1 },
      { tier: 'B', count: 2 },
      { tier: 'A', ratio: 0.5 },
    ];
    const draw = drawPlanSample({ seed: 'docs-example-2026', pool, strata });
    const result = assignInspectors({
      seed: 'docs-example-2026',
      selection: draw.selection,
      requiredQualifications: ['food'],
      inspectorsPerTask: 2,
      roster: [
        { id: 'I-01', certified: true, qualifications: ['food', 'general'], capacity: 3 },
        { id: 'I-02', certified: true, qualifications: ['food'], capacity: 1 },
        { id: 'I-03', certified: true, qualifications: ['general'], capacity: 9 },
        { id: 'I-04', certified: false, qualifications: ['food'], capacity: 9 },
        { id: 'I-05', certified: true, qualifications: ['food'], regions: ['3302'], capacity: 9 },
        {
          id: 'I-06',
          certified: true,
          qualifications: ['food'],
          conflicts: ['91330106MA2B3C114W'],
          capacity: 9,
        },
        { id: 'I-07', certified: true, qualifications: ['food'], capacity: 2 },
        { id: 'I-08', certified: true, qualifications: ['food'], regions: ['3301'], capacity: 5 },
      ],
      previousAssignments: { '91330106MA2B3C1062': ['I-08'] },
    });
    expect(result.tasks.map((t) => `${t.uscc} ${assignedOf(t).join(',')}`)).toEqual([
      '91330106MA2B3C114W I-07,I-02',
      '91330106MA2B3C1062 I-01,I-06',
      '91330106MA2B3C093C I-08,I-06',
      '91330106MA2B3C085H I-07,I-08',
      '91330106MA2B3C069U I-06,I-08',
      '91330106MA2B3C0349 I-08,I-01',
      '91330106MA2B3C050Y I-01,I-06',
      '91330106MA2B3C00XK I-06,I-08',
    ]);
    const stream = assignmentStream('docs-example-2026', '91330106MA2B3C114W');
    expect([0, 1, 2].map(() => stream.nextUint32())).toEqual([691523962, 2146559694, 452551411]);
  });

  it('draws two distinct, certified, qualified inspectors per task, the same for any roster order', () => {
    const input = base({
      roster: [
        ...roster(20),
        inspector('NOCERT', { certified: false }),
        inspector('NOQUAL', { qualifications: ['drugs'] }),
      ],
    });
    const result = assignInspectors(input);
    expect(result.assigned).toBe(50);
    for (const task of result.tasks) {
      const ids = assignedOf(task);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      expect(ids).not.toContain('NOCERT');
      expect(ids).not.toContain('NOQUAL');
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (salt) => {
        expect(assignInspectors({ ...input, roster: shuffled(input.roster, salt) }).tasks).toEqual(
          result.tasks,
        );
      }),
      { numRuns: 20 },
    );
  });

  it('draws different inspectors for a different seed', () => {
    const a = assignInspectors(base());
    const b = assignInspectors(base({ seed: 'other-seed' }));
    expect(a.tasks.map(assignedOf)).not.toEqual(b.tasks.map(assignedOf));
  });

  it('draws an enterprise’s pair from its own stream, whatever came before it (capacity permitting)', () => {
    const full = assignInspectors(base());
    const alone = assignInspectors(base({ selection: [base().selection[37]] }));
    expect(alone.tasks[0]).toEqual(full.tasks[37]);
  });

  it('never assigns a recused inspector: the draw moves on to the next one (回避)', () => {
    const plain = assignInspectors(base());
    const target = plain.tasks[5];
    const [first, second] = assignedOf(target);
    const withConflict = base({
      roster: base().roster.map((i) => (i.id === first ? { ...i, conflicts: [target.uscc] } : i)),
    });
    const redrawn = assignInspectors(withConflict).tasks[5];
    expect(assignedOf(redrawn)).not.toContain(first);
    // The walk skips the recused one and keeps the rest of the order: the second stays, a third joins.
    expect(assignedOf(redrawn)[0]).toBe(second);
    expect(assignedOf(redrawn)).toHaveLength(2);
  });

  it('never assigns a conflicted or previous inspector, nor beyond capacity (random rosters)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        (seedNo, size, capacity) => {
          const sel = selection(40);
          const ros = roster(size, (i) => ({
            capacity,
            assignedInPeriod: i % 3,
            conflicts: sel.filter((_, k) => (k + i) % 4 === 0).map((e) => e.uscc),
          }));
          const previousAssignments = Object.fromEntries(sel.map((e, k) => [e.uscc, [ros[k % size].id]]));
          const result = assignInspectors({
            seed: `prop-${seedNo}`,
            selection: sel,
            roster: ros,
            inspectorsPerTask: 2,
            requiredQualifications: ['food'],
            previousAssignments,
          });
          const byId = new Map(ros.map((r) => [r.id, r]));
          for (const task of result.tasks) {
            for (const id of assignedOf(task)) {
              expect(byId.get(id)!.conflicts).not.toContain(task.uscc);
              expect(previousAssignments[task.uscc]).not.toContain(id);
            }
          }
          for (const [id, n] of Object.entries(result.load)) {
            const r = byId.get(id)!;
            expect(n + (r.assignedInPeriod ?? 0)).toBeLessThanOrEqual(r.capacity);
          }
          expect(result.assigned + result.unassignable).toBe(40);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never sends the same inspector to the same enterprise twice in a row', () => {
    const first = assignInspectors(base());
    const previousAssignments = Object.fromEntries(first.tasks.map((t) => [t.uscc, assignedOf(t)]));
    const second = assignInspectors(base({ seed: 'next-year', previousAssignments }));
    for (const task of second.tasks) {
      expect(task.status).toBe('assigned');
      for (const id of assignedOf(task)) expect(previousAssignments[task.uscc]).not.toContain(id);
    }
  });

  it('flags an enterprise unassignable when recusal leaves one inspector, never assigns it half', () => {
    const sel = selection(2);
    const ros = [
      inspector('A1', { conflicts: [sel[0].uscc] }),
      inspector('A2', { conflicts: [sel[0].uscc] }),
      inspector('A3'),
    ];
    const result = assignInspectors(base({ selection: sel, roster: ros }));
    expect(result.tasks[0]).toEqual({
      uscc: sel[0].uscc,
      tier: 'B',
      status: 'unassignable',
      reason: {
        code: 'too_few_eligible',
        message:
          'only 1 of 3 qualified inspector(s) can take this enterprise: 2 recused for a declared conflict (回避), 0 inspected it last time, 0 at capacity; 2 needed',
      },
    });
    expect(result.tasks[1].status).toBe('assigned');
    expect(result.unassignable).toBe(1);
    // The half-found pair took no capacity: only the second enterprise's two inspectors are loaded.
    expect(Object.values(result.load).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('flags too few qualified inspectors (qualification, certification, region)', () => {
    const ros = [
      inspector('Q1'),
      inspector('Q2', { qualifications: ['drugs'] }),
      inspector('Q3', { certified: false }),
      inspector('Q4', { regions: ['3302'] }),
    ];
    const result = assignInspectors(base({ selection: selection(1), roster: ros }));
    expect(result.tasks[0]).toMatchObject({
      status: 'unassignable',
      reason: {
        code: 'too_few_qualified',
        message: 'only 1 certified inspector(s) hold qualification(s) food and cover region 330106; 2 needed',
      },
    });
  });

  it('respects capacity and flags the tasks left when it runs out, in selection order', () => {
    const ros = roster(3, () => ({ capacity: 2 }));
    const result = assignInspectors(base({ selection: selection(4), roster: ros }));
    // 3 inspectors × 2 = 6 slots: three pairs fit, the fourth task finds no capacity.
    expect(result.tasks.map((t) => t.status)).toEqual(['assigned', 'assigned', 'assigned', 'unassignable']);
    expect(result.tasks[3]).toMatchObject({
      reason: {
        code: 'capacity_exhausted',
        message: 'only 0 of 3 qualified inspector(s) have capacity left in the period; 2 needed',
      },
    });
    expect(Object.values(result.load)).toEqual([2, 2, 2]);
  });

  it('counts tasks already assigned in the period against capacity', () => {
    const ros = roster(3, (i) => ({ capacity: 5, assignedInPeriod: i === 0 ? 5 : 0 }));
    const result = assignInspectors(base({ selection: selection(10), roster: ros }));
    expect(result.load.I0000).toBeUndefined();
    expect(result.tasks.filter((t) => t.status === 'assigned')).toHaveLength(5);
  });

  it('only draws inspectors whose region covers the enterprise', () => {
    const ros = [
      ...roster(4, () => ({ regions: ['3301'] })),
      inspector('ZJ1', { regions: ['33', '3302'] }),
      inspector('HZ-OTHER', { regions: ['3302'] }),
      inspector('ANY'),
    ];
    const result = assignInspectors(base({ selection: selection(200), roster: ros }));
    const used = new Set(result.tasks.flatMap(assignedOf));
    expect(used.has('HZ-OTHER')).toBe(false);
    expect(used.has('ZJ1')).toBe(true);
    expect(used.has('ANY')).toBe(true);
    const none = assignInspectors(base({ selection: [{ uscc: syntheticUscc(1), tier: 'A' }], roster: ros }));
    expect(none.tasks[0].status).toBe('unassignable');
  });

  it('counts a region code as a prefix of itself (docs/sampling.md §5)', () => {
    const ros = [
      inspector('SAME', { regions: ['330106'] }),
      inspector('LONGER', { regions: ['3301061'] }),
      inspector('ANY'),
    ];
    const here = assignInspectors(base({ selection: selection(5, '330106'), roster: ros }));
    expect(here.tasks.every((t) => assignedOf(t).sort().join() === 'ANY,SAME')).toBe(true);
    const elsewhere = assignInspectors(base({ selection: selection(1, '330108'), roster: ros }));
    expect(elsewhere.tasks[0]).toMatchObject({
      status: 'unassignable',
      reason: { code: 'too_few_qualified' },
    });
  });

  it('reads a missing assignedInPeriod as 0 and missing conflicts or regions as none (docs/sampling.md §1)', () => {
    const implicit = roster(6, (i) => ({ capacity: 1 + (i % 3) }));
    const explicit = implicit.map((r) => ({ ...r, assignedInPeriod: 0, conflicts: [], regions: [] }));
    const a = assignInspectors(base({ selection: selection(12), roster: implicit }));
    const b = assignInspectors(base({ selection: selection(12), roster: explicit }));
    expect(b.tasks).toEqual(a.tasks);
    expect(a.assigned).toBeGreaterThan(0);
  });

  it('gives every candidate the same chance (binomial bounds)', () => {
    // 10 candidates, 2 per task, 2,000 enterprises: each inspector ~ Binomial(2000, 0.2), mean 400, sd 17.9.
    const result = assignInspectors(
      base({ selection: selection(2000), roster: roster(10, () => ({ capacity: 2000 })) }),
    );
    for (const n of Object.values(result.load)) expect(Math.abs(n - 400)).toBeLessThan(6 * 17.9);
  });

  it('refuses malformed input with paths', () => {
    let error: unknown;
    try {
      assignInspectors(
        base({
          inspectorsPerTask: 0,
          selection: [...selection(2), selection(1)[0]],
          roster: [inspector('X'), inspector('X', { capacity: -1 })],
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details.map((d) => d.path)).toEqual([
      'inspectorsPerTask',
      'roster[1].id',
      'roster[1].capacity',
      'selection[2].uscc',
    ]);
  });
});
