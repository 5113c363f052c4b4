export {
  SamplingStream,
  SAMPLING_DOMAIN,
  SEED_PATTERN,
  drawStream,
  assignmentStream,
} from './sampling-stream';
export { digestIndexedPool, indexPool, poolDigest, TIER_PATTERN, REGION_PATTERN } from './sampling-pool';
export type { IndexedPool, PoolEntry } from './sampling-pool';
export { drawPlanSample, stratumTarget, ratioBasisPoints, checkSeed, checkStrata } from './plan-draw';
export type { DrawInput, PlanDraw, StratumDraw, StratumSpec } from './plan-draw';
export { assignInspectors, checkAssignmentInput, INSPECTOR_ID_PATTERN } from './inspector-assignment';
export type {
  AssignmentInput,
  AssignmentResult,
  RosterInspector,
  TaskAssignment,
  UnassignableCode,
} from './inspector-assignment';
export {
  createPlan,
  exportedPlanJson,
  DRAW_TYPES,
  PLAN_FORMAT,
  PLAN_FORMAT_V1,
  PLAN_FORMATS,
  SEED_SOURCES,
} from './plan-export';
export type {
  DrawType,
  ExportedPlan,
  PlanAssignmentSpec,
  PlanFormat,
  PlanInput,
  PlanProvenance,
  SeedSource,
} from './plan-export';
export { EXPORTED_PLAN_SCHEMA } from './plan-export.schema';
export { verifyPlan } from './plan-verify';
export type { PlanMismatch, PlanVerification, VerifyOptions } from './plan-verify';
export {
  capReached,
  departmentsOf,
  highestLoad,
  mergeItems,
  overlappingTask,
  windowsOverlap,
} from './inspection-limits';
export type { CapReached, JointVisitOffer, LimitItem, OpenTaskWindow } from './inspection-limits';
export { manualStaffingProblems } from './manual-staffing';
export type { ManualStaffingInput } from './manual-staffing';
