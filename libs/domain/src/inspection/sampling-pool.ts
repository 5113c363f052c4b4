import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, ErrorDetail } from '../errors/domain-error';

/**
 * The eligible pool of a draw, in its canonical order, and its digest (docs/sampling.md §3).
 *
 * Canonical order: ascending by uscc, compared character by character by code (for the USCC
 * alphabet this is also byte order and the order of `sort` in most languages). A uscc appears once,
 * so no tie-break is ever needed; a duplicate is an error, never silently dropped.
 *
 * Digest: lowercase hex SHA-256 of the UTF-8 text made of one line `<uscc>,<tier>\n` per entry in
 * canonical order. Region codes are not part of it (the draw does not read them; assignment does,
 * and verification recomputes the assignment).
 */

export interface PoolEntry {
  /** 18 characters of the USCC alphabet (the register only holds checked codes). */
  readonly uscc: string;
  /** A tier name of the plan's strata, e.g. A–D. */
  readonly tier: string;
  /** 6-digit administrative division code; inspectors restricted to regions must cover it. */
  readonly region?: string;
}

export const POOL_USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
/** Tier names are labels of the draw stream: letters, digits, `_` and `-`, at most 16. */
export const TIER_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
export const REGION_PATTERN = /^[0-9]{1,12}$/;

/** At most this many problems are listed in one error; the message gives the total. */
const MAX_DETAILS = 100;

/**
 * The pool sorted canonically, after checking every entry. Sorting 1M 18-character strings with a
 * string comparator takes seconds in V8; each code is instead read as two exact integers (9
 * characters each, base 43 over char codes − 48) and an index array is sorted on them, which keeps
 * the same order (character codes compare in the same order as their offsets) at a fraction of the cost.
 */
export function canonicalPool(pool: readonly PoolEntry[], knownTiers?: ReadonlySet<string>): PoolEntry[] {
  const details: ErrorDetail[] = [];
  let problems = 0;
  const problem = (path: string, message: string): void => {
    problems++;
    if (details.length < MAX_DETAILS) details.push({ path, message });
  };
  const n = pool.length;
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const entry = pool[i];
    const uscc: unknown = entry?.uscc;
    if (typeof uscc !== 'string' || !POOL_USCC_PATTERN.test(uscc)) {
      problem(`pool[${i}].uscc`, `must be 18 characters of the USCC alphabet, not ${JSON.stringify(uscc)}`);
      continue;
    }
    const tier: unknown = entry.tier;
    if (typeof tier !== 'string' || !TIER_PATTERN.test(tier)) {
      problem(
        `pool[${i}].tier`,
        `must be a tier name (letters, digits, _ or -), not ${JSON.stringify(tier)}`,
      );
    } else if (knownTiers && !knownTiers.has(tier)) {
      problem(
        `pool[${i}].tier`,
        `tier ${JSON.stringify(tier)} has no stratum in the plan (no enterprise leaves the pool by its tier)`,
      );
    }
    const region: unknown = entry.region;
    if (region !== undefined && (typeof region !== 'string' || !REGION_PATTERN.test(region))) {
      problem(`pool[${i}].region`, `must be a region code of digits, not ${JSON.stringify(region)}`);
    }
    let h = 0;
    let l = 0;
    for (let j = 0; j < 9; j++) h = h * 43 + uscc.charCodeAt(j) - 48;
    for (let j = 9; j < 18; j++) l = l * 43 + uscc.charCodeAt(j) - 48;
    hi[i] = h;
    lo[i] = l;
  }
  if (problems === 0) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b]);
    const sorted = new Array<PoolEntry>(n);
    for (let i = 0; i < n; i++) {
      sorted[i] = pool[order[i]];
      if (i > 0 && sorted[i].uscc === sorted[i - 1].uscc) {
        problem(`pool[${order[i]}].uscc`, `${sorted[i].uscc} is also at pool[${order[i - 1]}]`);
      }
    }
    if (problems === 0) return sorted;
  }
  const more = problems > details.length ? ` (first ${details.length} listed)` : '';
  throw new DomainError(
    ErrorCode.ValidationFailed,
    `invalid sampling pool: ${problems} problem(s)${more}`,
    details,
  );
}

/** The pool digest of entries already in canonical order (see the file comment). */
export function digestCanonicalPool(sorted: readonly PoolEntry[]): string {
  const hash = createHash('sha256');
  const chunk: string[] = [];
  for (const entry of sorted) {
    chunk.push(`${entry.uscc},${entry.tier}\n`);
    if (chunk.length === 8192) {
      hash.update(chunk.join(''), 'utf8');
      chunk.length = 0;
    }
  }
  hash.update(chunk.join(''), 'utf8');
  return hash.digest('hex');
}

/** The pool digest of a pool in any order (checks and sorts it first). */
export function poolDigest(pool: readonly PoolEntry[]): string {
  return digestCanonicalPool(canonicalPool(pool));
}
