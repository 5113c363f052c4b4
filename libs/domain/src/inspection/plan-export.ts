import { assignInspectors, RosterInspector, TaskAssignment } from './inspector-assignment';
import { drawPlanSample, StratumDraw, StratumSpec } from './plan-draw';
import type { PoolEntry } from './sampling-pool';

/**
 * The exported plan (docs/sampling.md §6): everything a third party needs to re-run a published
 * draw and assignment offline — seed, strata, pool, roster snapshot, previous assignments — and
 * what was recorded: the pool digest, per-stratum counts and the tasks in selection order.
 * `verifyPlan` recomputes the recorded part from the inputs.
 */

export const PLAN_FORMAT = 'tierwatch-plan/1';

export interface PlanAssignmentSpec {
  /** Qualifications the plan's items need (an inspector must hold all). */
  requiredQualifications: string[];
  /** ≥ 2. */
  inspectorsPerTask: number;
  /** The roster as it was when the plan was drawn (capacity, load in the period, conflicts). */
  roster: RosterInspector[];
  /** uscc → inspectors of the enterprise's previous inspection. */
  previousAssignments: Record<string, string[]>;
}

export interface ExportedPlan {
  format: typeof PLAN_FORMAT;
  /** Informative (id, name, window, items, rule-set version…): carried along, not recomputed. */
  plan?: Record<string, unknown>;
  seed: string;
  /** Strata in the order they are drawn and served. */
  strata: StratumSpec[];
  /** The eligible pool, in any order. */
  pool: PoolEntry[];
  /** Recorded when the plan was drawn. */
  poolDigest: string;
  assignment: PlanAssignmentSpec;
  result: {
    strata: StratumDraw[];
    /** One task per drawn enterprise, in selection order. */
    tasks: TaskAssignment[];
  };
}

export interface PlanInput {
  seed: string;
  strata: readonly StratumSpec[];
  pool: readonly PoolEntry[];
  requiredQualifications: readonly string[];
  inspectorsPerTask?: number;
  roster: readonly RosterInspector[];
  previousAssignments?: Readonly<Record<string, readonly string[]>>;
  plan?: Record<string, unknown>;
}

/** Draws, assigns and returns the plan as it is exported (and stored). */
export function createPlan(input: PlanInput): ExportedPlan {
  const draw = drawPlanSample(input);
  const inspectorsPerTask = input.inspectorsPerTask ?? 2;
  const assignment = assignInspectors({
    seed: input.seed,
    selection: draw.selection,
    roster: input.roster,
    requiredQualifications: input.requiredQualifications,
    inspectorsPerTask,
    previousAssignments: input.previousAssignments,
  });
  return {
    format: PLAN_FORMAT,
    ...(input.plan ? { plan: input.plan } : {}),
    seed: input.seed,
    strata: input.strata.map((s) => ({ ...s })),
    pool: input.pool.map((e) => ({ ...e })),
    poolDigest: draw.poolDigest,
    assignment: {
      requiredQualifications: [...input.requiredQualifications],
      inspectorsPerTask,
      roster: input.roster.map((i) => ({ ...i })),
      previousAssignments: Object.fromEntries(
        Object.entries(input.previousAssignments ?? {}).map(([uscc, ids]) => [uscc, [...ids]]),
      ),
    },
    result: { strata: draw.strata, tasks: assignment.tasks },
  };
}
