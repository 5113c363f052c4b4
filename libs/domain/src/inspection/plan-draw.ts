import { DomainError, ErrorCode, ErrorDetail } from '../errors/domain-error';
import { digestIndexedPool, IndexedPool, indexPool, PoolEntry, TIER_PATTERN } from './sampling-pool';
import { drawStream, SEED_PATTERN } from './sampling-stream';

/**
 * The stratified random draw of a plan (双随机: the enterprises; docs/sampling.md §4).
 *
 * 1. The pool is checked, put in canonical order (ascending uscc) and digested.
 * 2. It is split into strata by tier, each keeping canonical order.
 * 3. Each stratum's target is fixed: `count` as given (at most the stratum's size), or
 *    ceil(ratio × size) in exact integer arithmetic on the ratio in basis points. Ceil, not rounding,
 *    so a non-empty stratum with a ratio above 0 always has at least one enterprise drawn: A is
 *    sampled rarely, never "never" (不免抽).
 * 4. Each stratum is drawn from its own stream (seed, "draw", tier) by a partial Fisher–Yates
 *    shuffle: for i = 0 … target−1, r = i + uniform(size − i), swap positions i and r; the first
 *    `target` positions, in that order, are the stratum's selection. O(size) to copy, O(target) draws.
 * 5. The selection is the strata's selections concatenated in the order the plan lists the strata.
 *
 * Same seed, pool (in any order) and strata → the same selection in the same order.
 */

/** One stratum of a plan: its tier and either a ratio (0–1, at most 4 decimals) or a fixed count. */
export type StratumSpec =
  | { readonly tier: string; readonly ratio: number; readonly count?: undefined }
  | { readonly tier: string; readonly count: number; readonly ratio?: undefined };

export interface StratumDraw {
  tier: string;
  /** Enterprises of this tier in the pool. */
  poolSize: number;
  /** How many were drawn. */
  target: number;
  ratio?: number;
  count?: number;
}

export interface PlanDraw {
  poolDigest: string;
  strata: StratumDraw[];
  /** The drawn enterprises, stratum by stratum in plan order, each stratum in draw order. */
  selection: PoolEntry[];
}

export interface DrawInput {
  seed: string;
  pool: readonly PoolEntry[];
  strata: readonly StratumSpec[];
  /**
   * `indexPool(pool, strata tiers)`, when the caller already has it (the plan service orders and
   * digests the pool before the seed exists): saves ordering a large pool twice.
   */
  indexed?: IndexedPool;
}

const BASIS_POINTS = 10_000;

/** The shortest decimal numeral of a ratio from 0 to 1 with at most 4 decimals: "0", "1", "0.0573". */
const FOUR_DECIMAL_RATIO = /^([01])(?:\.(\d{1,4}))?$/;

/**
 * A ratio in basis points (0.03 → 300), or undefined when it is not 0–1 with at most 4 decimals.
 *
 * No floating-point product: the ratio is read as the shortest decimal numeral that denotes its
 * binary64 value (ECMAScript Number::toString, Python's repr — what JSON writers emit, so in practice
 * the digits of the document) and its digits are taken as an integer. `0.0573 * 10000` is
 * 572.9999999999999 in floating point; here 0.0573 is "0.0573", i.e. 573. A value whose shortest
 * numeral needs more than 4 decimals (0.1 + 0.2 = 0.30000000000000004, 1e-5) is refused.
 */
export function ratioBasisPoints(ratio: number): number | undefined {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) return undefined;
  const match = FOUR_DECIMAL_RATIO.exec(String(ratio));
  if (!match) return undefined;
  const bp = Number(match[1]) * BASIS_POINTS + Number((match[2] ?? '').padEnd(4, '0'));
  return bp <= BASIS_POINTS ? bp : undefined;
}

/** ceil(bp × size / 10000), exactly (bp × size < 2^53 for any pool that fits in memory). */
export function stratumTarget(spec: StratumSpec, size: number): number {
  if (spec.count !== undefined) return Math.min(spec.count, size);
  const bp = ratioBasisPoints(spec.ratio);
  if (bp === undefined) throw new RangeError(`invalid ratio ${spec.ratio}`);
  const product = bp * size;
  const remainder = product % BASIS_POINTS;
  return (product - remainder) / BASIS_POINTS + (remainder > 0 ? 1 : 0);
}

export function checkSeed(seed: unknown, path = 'seed'): ErrorDetail[] {
  return typeof seed === 'string' && SEED_PATTERN.test(seed)
    ? []
    : [{ path, message: 'must be 1–128 characters of letters, digits, ".", "_", ":" or "-"' }];
}

export function checkStrata(strata: unknown, path = 'strata'): ErrorDetail[] {
  if (!Array.isArray(strata) || strata.length === 0 || strata.length > 256)
    return [{ path, message: 'must list from 1 to 256 strata' }];
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  strata.forEach((raw: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      details.push({ path: at, message: 'must be an object { tier, ratio } or { tier, count }' });
      return;
    }
    const spec = raw as Record<string, unknown>;
    if (typeof spec.tier !== 'string' || !TIER_PATTERN.test(spec.tier)) {
      details.push({ path: `${at}.tier`, message: 'must be a tier name (letters, digits, _ or -, ≤ 16)' });
    } else if (seen.has(spec.tier)) {
      details.push({ path: `${at}.tier`, message: `tier ${spec.tier} has two strata` });
    } else seen.add(spec.tier);
    const hasRatio = spec.ratio !== undefined;
    const hasCount = spec.count !== undefined;
    if (hasRatio === hasCount) {
      details.push({ path: at, message: 'give exactly one of ratio and count' });
    } else if (hasRatio && ratioBasisPoints(spec.ratio as number) === undefined) {
      details.push({ path: `${at}.ratio`, message: 'must be a number from 0 to 1 with at most 4 decimals' });
    } else if (hasCount && !(Number.isSafeInteger(spec.count) && (spec.count as number) >= 0)) {
      details.push({ path: `${at}.count`, message: 'must be a whole number ≥ 0' });
    }
  });
  return details;
}

export function drawPlanSample(input: DrawInput): PlanDraw {
  const details = [...checkSeed(input.seed), ...checkStrata(input.strata)];
  if (details.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'invalid draw input', details);
  const tiers = input.strata.map((s) => s.tier);
  if (
    input.indexed &&
    (input.indexed.pool !== input.pool || input.indexed.tierNames.join('|') !== tiers.join('|'))
  ) {
    throw new RangeError('the indexed pool given to the draw is not indexPool(pool, strata tiers)');
  }
  const indexed = input.indexed ?? indexPool(input.pool, tiers);
  const digest = digestIndexedPool(indexed);
  // Rows of each stratum in canonical order (tier ids are the strata's positions).
  const { order, tierOf } = indexed;
  const sizes = new Uint32Array(input.strata.length);
  for (let i = 0; i < order.length; i++) sizes[tierOf[order[i]]]++;
  const rows = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(input.strata.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    const tier = tierOf[row];
    rows[tier][filled[tier]++] = row;
  }

  const strata: StratumDraw[] = [];
  const selection: PoolEntry[] = [];
  input.strata.forEach((spec, t) => {
    const members = rows[t];
    const size = members.length;
    const target = stratumTarget(spec, size);
    const stream = drawStream(input.seed, spec.tier);
    for (let i = 0; i < target; i++) {
      const r = i + stream.uniform(size - i);
      const picked = members[r];
      members[r] = members[i];
      members[i] = picked;
      selection.push(input.pool[picked]);
    }
    strata.push({
      tier: spec.tier,
      poolSize: size,
      target,
      ...(spec.ratio !== undefined ? { ratio: spec.ratio } : { count: spec.count }),
    });
  });
  return { poolDigest: digest, strata, selection };
}
