import { assignInspectors, RosterInspector, TaskAssignment } from './inspector-assignment';
import { drawPlanSample, StratumDraw, StratumSpec } from './plan-draw';
import type { IndexedPool, PoolEntry } from './sampling-pool';
import { shanghaiIsoString } from '../calendar/shanghai-time.util';

/**
 * The exported plan (docs/sampling.md §6): everything a third party needs to re-run a published
 * draw and assignment offline — seed, strata, pool, roster snapshot, previous assignments — and
 * what was recorded: the pool digest, per-stratum counts and the tasks in selection order.
 * `verifyPlan` recomputes the recorded part from the inputs.
 */

/**
 * The format written today. /2 adds the plan's identity and the draw's provenance (planId, scope,
 * drawType, drawnAt, seedSource) as required top-level fields; /1 documents, which lack them, are
 * still verified.
 */
export const PLAN_FORMAT = 'tierwatch-plan/2';
export const PLAN_FORMAT_V1 = 'tierwatch-plan/1';
export const PLAN_FORMATS = [PLAN_FORMAT_V1, PLAN_FORMAT] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/**
 * Who chose the seed: `server` — drawn from a CSPRNG by tierwatch after the pool was frozen and its
 * digest appended to the audit chain, so nobody could pick a seed that favours an outcome;
 * `caller` — given in the plan request (e.g. a public lottery result), allowed but flagged.
 */
export type SeedSource = 'server' | 'caller';
export const SEED_SOURCES: readonly SeedSource[] = ['server', 'caller'];
/** 定向 (a named category) or 不定向 draw (DOMAIN.md §3). */
export type DrawType = 'directed' | 'undirected';
export const DRAW_TYPES: readonly DrawType[] = ['directed', 'undirected'];

/** Who drew what, when and how the seed was chosen (format /2). */
export interface PlanProvenance {
  planId: string;
  /** The plan's scope as requested (regionPrefix, industries, tiers, tag). */
  scope: Record<string, unknown>;
  drawType: DrawType;
  /** The instant of the draw, ISO-8601 with its zone (Asia/Shanghai, +08:00). */
  drawnAt: string;
  seedSource: SeedSource;
}

export interface PlanAssignmentSpec {
  /** Qualifications the plan's items need (an inspector must hold all). */
  requiredQualifications: string[];
  /** At least the minimum of the deadline rules in force when the plan was drawn (rules/deadlines). */
  inspectorsPerTask: number;
  /** The roster as it was when the plan was drawn (capacity, load in the period, conflicts). */
  roster: RosterInspector[];
  /** uscc → inspectors of the enterprise's previous inspection. */
  previousAssignments: Record<string, string[]>;
}

export interface ExportedPlan extends PlanProvenance {
  format: typeof PLAN_FORMAT;
  /** Informative (name, window, items, rule-set version…): carried along, not recomputed. */
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
  /** Inspectors per visit, from the caller's rule data (rules/deadlines: inspectorsPerVisit). */
  inspectorsPerTask: number;
  roster: readonly RosterInspector[];
  previousAssignments?: Readonly<Record<string, readonly string[]>>;
  plan?: Record<string, unknown>;
  /** `indexPool(pool, strata tiers)` if the caller has it already (see DrawInput.indexed). */
  indexedPool?: IndexedPool;
  /** Identity and provenance of the draw, written into the document (format /2). */
  provenance: Omit<PlanProvenance, 'drawnAt'> & { drawnAt: Date };
}

/** Draws, assigns and returns the plan as it is exported (and stored). */
export function createPlan(input: PlanInput): ExportedPlan {
  const draw = drawPlanSample({ ...input, indexed: input.indexedPool });
  const { inspectorsPerTask } = input;
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
    planId: input.provenance.planId,
    scope: { ...input.provenance.scope },
    drawType: input.provenance.drawType,
    drawnAt: shanghaiIsoString(input.provenance.drawnAt),
    seedSource: input.provenance.seedSource,
    ...(input.plan ? { plan: input.plan } : {}),
    seed: input.seed,
    strata: input.strata.map((s) => ({ ...s })),
    // A new array, the same entries: they are read-only, and copying a 1M pool's objects cost
    // ~100 MB and a second of garbage collection per plan.
    pool: [...input.pool],
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

/** Stands for the pool and the tasks in the document's outline (never a value of a real document). */
const POOL_MARK = '\u0000pool\u0000';
const TASKS_MARK = '\u0000tasks\u0000';

/**
 * The exported document as JSON text in pieces of about `pieceLength` characters: joined, exactly
 * `JSON.stringify(plan)`, but never held whole — a 1M pool is ~60 MB of text, which the plan
 * service gzips piece by piece as it is produced instead.
 */
export function* exportedPlanJson(plan: ExportedPlan, pieceLength = 1 << 16): Generator<string> {
  const outline = JSON.stringify({
    ...plan,
    pool: POOL_MARK,
    result: { ...plan.result, tasks: TASKS_MARK },
  });
  const [beforePool, between, afterTasks] = splitOutline(outline);
  yield beforePool;
  yield* jsonArray(plan.pool, pieceLength);
  yield between;
  yield* jsonArray(plan.result.tasks, pieceLength);
  yield afterTasks;
}

function splitOutline(outline: string): [string, string, string] {
  const pool = JSON.stringify(POOL_MARK);
  const tasks = JSON.stringify(TASKS_MARK);
  const p = outline.indexOf(pool);
  const t = outline.indexOf(tasks, p);
  if (p < 0 || t < 0 || outline.indexOf(pool, p + 1) >= 0 || outline.indexOf(tasks, t + 1) >= 0) {
    throw new Error('the plan document contains the marks of its own outline');
  }
  return [outline.slice(0, p), outline.slice(p + pool.length, t), outline.slice(t + tasks.length)];
}

function* jsonArray(values: readonly unknown[], pieceLength: number): Generator<string> {
  let piece = '[';
  for (let i = 0; i < values.length; i++) {
    // As JSON.stringify writes an array: a value it cannot write (undefined) is null.
    piece += (i === 0 ? '' : ',') + (JSON.stringify(values[i]) ?? 'null');
    if (piece.length >= pieceLength) {
      yield piece;
      piece = '';
    }
  }
  yield piece + ']';
}
