import { DomainError, ErrorDetail } from '../errors/domain-error';
import { assignInspectors, checkAssignmentInput, TaskAssignment } from './inspector-assignment';
import { checkSeed, checkStrata, drawPlanSample, PlanDraw } from './plan-draw';
import {
  DRAW_TYPES,
  ExportedPlan,
  PLAN_FORMAT,
  PLAN_FORMAT_V1,
  PLAN_FORMATS,
  PlanFormat,
  PlanProvenance,
  SEED_SOURCES,
} from './plan-export';

/**
 * Re-runs an exported plan (any JSON, e.g. read from a published file) and lists every difference
 * between what it records and what its inputs give: a pool changed after the draw (digest), a
 * stratum's counts, an enterprise added, dropped or swapped in the selection, an inspector changed.
 * Pure: the same document always gives the same report.
 */

export interface PlanMismatch {
  /** Where in the document, e.g. `result.tasks[12].inspectors`. */
  path: string;
  message: string;
}

export interface PlanVerification {
  ok: boolean;
  /** Empty when ok. Malformed input is reported here too, before anything is recomputed. */
  mismatches: PlanMismatch[];
  /** The document's format; /1 documents carry no provenance. */
  format?: PlanFormat;
  /** Identity and provenance of the draw as the document states them (format /2). */
  provenance?: PlanProvenance;
  /** What the inputs give, when they could be recomputed. */
  recomputed?: { poolDigest: string; strata: PlanDraw['strata']; tasks: number; unassignable: number };
}

export interface VerifyOptions {
  /** A digest published separately (e.g. with the plan's announcement): the pool must match it too. */
  publishedPoolDigest?: string;
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** ISO-8601 date-time with an explicit zone (Z or ±hh:mm). */
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const PLAN_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function verifyPlan(document: unknown, options: VerifyOptions = {}): PlanVerification {
  const shape = checkShape(document);
  if (shape.length > 0) return { ok: false, mismatches: shape };
  const plan = document as ExportedPlan;

  let draw: PlanDraw;
  let tasks: TaskAssignment[];
  try {
    draw = drawPlanSample({ seed: plan.seed, pool: plan.pool, strata: plan.strata });
    tasks = assignInspectors({
      seed: plan.seed,
      selection: draw.selection,
      roster: plan.assignment.roster,
      requiredQualifications: plan.assignment.requiredQualifications,
      inspectorsPerTask: plan.assignment.inspectorsPerTask,
      previousAssignments: plan.assignment.previousAssignments,
    }).tasks;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const details = error.details.length > 0 ? error.details : [{ path: '', message: error.message }];
    return { ok: false, mismatches: details.map((d) => ({ path: d.path, message: d.message })) };
  }

  const mismatches: PlanMismatch[] = [];
  const provenance: PlanProvenance | undefined =
    plan.format === PLAN_FORMAT
      ? {
          planId: plan.planId,
          scope: plan.scope,
          drawType: plan.drawType,
          drawnAt: plan.drawnAt,
          seedSource: plan.seedSource,
        }
      : undefined;
  if (plan.poolDigest !== draw.poolDigest) {
    mismatches.push({
      path: 'poolDigest',
      message: `recorded ${plan.poolDigest} but the pool digests to ${draw.poolDigest}: the pool is not the one drawn from`,
    });
  }
  if (options.publishedPoolDigest !== undefined && options.publishedPoolDigest !== draw.poolDigest) {
    mismatches.push({
      path: 'pool',
      message: `the pool digests to ${draw.poolDigest}, not the published ${options.publishedPoolDigest}`,
    });
  }
  compareStrata(plan.result.strata, draw.strata, mismatches);
  compareTasks(plan.result.tasks, tasks, mismatches);
  return {
    ok: mismatches.length === 0,
    mismatches,
    format: plan.format,
    ...(provenance ? { provenance } : {}),
    recomputed: {
      poolDigest: draw.poolDigest,
      strata: draw.strata,
      tasks: tasks.length,
      unassignable: tasks.filter((t) => t.status === 'unassignable').length,
    },
  };
}

function compareStrata(recorded: unknown[], recomputed: PlanDraw['strata'], out: PlanMismatch[]): void {
  if (recorded.length !== recomputed.length) {
    out.push({
      path: 'result.strata',
      message: `records ${recorded.length} strata, the plan has ${recomputed.length}`,
    });
  }
  recomputed.forEach((expected, i) => {
    const actual = asRecord(recorded[i]);
    for (const key of ['tier', 'poolSize', 'target'] as const) {
      if (actual?.[key] !== expected[key]) {
        out.push({
          path: `result.strata[${i}].${key}`,
          message: `recorded ${show(actual?.[key])}, recomputed ${show(expected[key])}`,
        });
      }
    }
  });
}

function compareTasks(recorded: unknown[], recomputed: TaskAssignment[], out: PlanMismatch[]): void {
  if (recorded.length !== recomputed.length) {
    out.push({
      path: 'result.tasks',
      message: `records ${recorded.length} tasks, the draw gives ${recomputed.length}`,
    });
  }
  const length = Math.max(recorded.length, recomputed.length);
  for (let i = 0; i < length; i++) {
    const at = `result.tasks[${i}]`;
    const actual = asRecord(recorded[i]);
    const expected = recomputed[i];
    if (!expected) {
      out.push({ path: at, message: `recorded ${show(actual?.uscc)}, which the draw does not select` });
      continue;
    }
    if (!actual) {
      out.push({ path: at, message: `missing: the draw selects ${expected.uscc} here` });
      continue;
    }
    for (const key of ['uscc', 'tier', 'status'] as const) {
      if (actual[key] !== expected[key]) {
        out.push({
          path: `${at}.${key}`,
          message: `recorded ${show(actual[key])}, recomputed ${show(expected[key])}`,
        });
      }
    }
    if (expected.status === 'assigned') {
      if (!sameList(actual.inspectors, expected.inspectors)) {
        out.push({
          path: `${at}.inspectors`,
          message: `recorded ${show(actual.inspectors)}, recomputed ${show(expected.inspectors)}`,
        });
      }
    } else {
      const reason = asRecord(actual.reason);
      if (reason?.code !== expected.reason.code) {
        out.push({
          path: `${at}.reason.code`,
          message: `recorded ${show(reason?.code)}, recomputed ${show(expected.reason.code)} (${expected.reason.message})`,
        });
      }
    }
  }
}

/** The envelope; the inputs' contents are checked by the draw and the assignment themselves. */
function checkShape(document: unknown): PlanMismatch[] {
  const doc = asRecord(document);
  if (!doc) return [{ path: '', message: `an exported plan is a JSON object with format "${PLAN_FORMAT}"` }];
  const problems: ErrorDetail[] = [];
  if (!(PLAN_FORMATS as readonly unknown[]).includes(doc.format)) {
    problems.push({
      path: 'format',
      message: `must be "${PLAN_FORMAT}" (or the older "${PLAN_FORMAT_V1}"), not ${show(doc.format)}`,
    });
  }
  if (doc.format === PLAN_FORMAT) problems.push(...checkProvenance(doc));
  problems.push(...checkSeed(doc.seed), ...checkStrata(doc.strata));
  if (!Array.isArray(doc.pool))
    problems.push({ path: 'pool', message: 'must be a list of { uscc, tier, region? }' });
  if (typeof doc.poolDigest !== 'string' || !HEX_DIGEST.test(doc.poolDigest)) {
    problems.push({ path: 'poolDigest', message: 'must be a lowercase hex SHA-256 digest' });
  }
  const assignment = asRecord(doc.assignment);
  if (!assignment) {
    problems.push({ path: 'assignment', message: 'must be an object' });
  } else {
    if (assignment.inspectorsPerTask === undefined) {
      problems.push({ path: 'assignment.inspectorsPerTask', message: 'is required' });
    }
    problems.push(
      ...checkAssignmentInput(
        assignment as unknown as Parameters<typeof checkAssignmentInput>[0],
        'assignment',
      ),
    );
    const previous = asRecord(assignment.previousAssignments);
    if (!previous) {
      problems.push({
        path: 'assignment.previousAssignments',
        message: 'must be an object uscc → inspector ids',
      });
    } else {
      for (const [uscc, ids] of Object.entries(previous)) {
        if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
          problems.push({
            path: `assignment.previousAssignments.${uscc}`,
            message: 'must be a list of inspector ids',
          });
        }
      }
    }
  }
  const result = asRecord(doc.result);
  if (!result || !Array.isArray(result.strata) || !Array.isArray(result.tasks)) {
    problems.push({ path: 'result', message: 'must be an object with the lists strata and tasks' });
  }
  return problems.map((p) => ({ path: p.path, message: p.message }));
}

/** The fields format /2 adds: required there, and checked for shape (they are not recomputed). */
function checkProvenance(doc: Record<string, unknown>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (typeof doc.planId !== 'string' || !PLAN_ID.test(doc.planId)) {
    problems.push({
      path: 'planId',
      message: 'must be the plan id (1–64 letters, digits, ".", "_", ":" or "-")',
    });
  }
  if (!asRecord(doc.scope)) problems.push({ path: 'scope', message: 'must be an object (the plan scope)' });
  if (!(DRAW_TYPES as readonly unknown[]).includes(doc.drawType)) {
    problems.push({
      path: 'drawType',
      message: `must be ${DRAW_TYPES.join(' or ')}, not ${show(doc.drawType)}`,
    });
  }
  if (
    typeof doc.drawnAt !== 'string' ||
    !ZONED_DATE_TIME.test(doc.drawnAt) ||
    Number.isNaN(Date.parse(doc.drawnAt))
  ) {
    problems.push({ path: 'drawnAt', message: 'must be an ISO-8601 date-time with its zone' });
  }
  if (!(SEED_SOURCES as readonly unknown[]).includes(doc.seedSource)) {
    problems.push({
      path: 'seedSource',
      message: `must be ${SEED_SOURCES.join(' or ')}, not ${show(doc.seedSource)}`,
    });
  }
  return problems;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function sameList(actual: unknown, expected: readonly string[]): boolean {
  return (
    Array.isArray(actual) && actual.length === expected.length && actual.every((v, i) => v === expected[i])
  );
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
