export {
  SamplingStream,
  SAMPLING_DOMAIN,
  SEED_PATTERN,
  drawStream,
  assignmentStream,
} from './sampling-stream';
export {
  canonicalPool,
  digestCanonicalPool,
  poolDigest,
  POOL_USCC_PATTERN,
  TIER_PATTERN,
  REGION_PATTERN,
} from './sampling-pool';
export type { PoolEntry } from './sampling-pool';
export { drawPlanSample, stratumTarget, ratioBasisPoints, checkSeed, checkStrata } from './plan-draw';
export type { DrawInput, PlanDraw, StratumDraw, StratumSpec } from './plan-draw';
