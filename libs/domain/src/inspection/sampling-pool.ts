import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, ErrorDetail } from '../errors/domain-error';
import { USCC_ALPHABET } from '../uscc/uscc-alphabet.const';

/**
 * The eligible pool of a draw, in its canonical order, and its digest (docs/sampling.md §3).
 *
 * Canonical order: ascending by uscc, compared character by character by code (for the USCC
 * alphabet this is also byte order and the order of `sort` in most languages). A uscc appears once,
 * so no tie-break is ever needed; a duplicate is an error, never silently dropped.
 *
 * Digest: lowercase hex SHA-256 of the ASCII text made of one line `<uscc>,<tier>\n` per entry in
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

/** Tier names are labels of the draw stream: letters, digits, `_` and `-`, at most 16. */
export const TIER_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
export const REGION_PATTERN = /^[0-9]{1,12}$/;

/** At most this many problems are listed in one error; the message gives the total. */
const MAX_DETAILS = 100;
const CODE_LENGTH = 18;

/**
 * A checked pool in flat arrays, the form the draw works on: entries stay where the caller put
 * them (`pool[row]`); `order` lists the rows in canonical order. On a 1M pool, walking objects in
 * sorted order misses the cache at every step, so the codes' bytes and tier numbers are copied into
 * typed arrays in one sequential pass and the later passes read those instead.
 */
export interface IndexedPool {
  pool: readonly PoolEntry[];
  /** Rows in canonical order. */
  order: Uint32Array;
  /** The code of row r is codes[18r … 18r+17] (ASCII). */
  codes: Uint8Array;
  /** The tier of row r is tierNames[tierOf[r]]. */
  tierOf: Uint8Array;
  tierNames: string[];
}

/**
 * Checks every entry and orders the pool. A string sort of 1M codes takes seconds in V8, so the
 * order comes from an LSD radix sort on the codes' characters taken three at a time (6 stable
 * passes of a counting sort over 31³ buckets, keyed by the characters' places in the USCC alphabet, which
 * is in character-code order): the same order as comparing the strings, in linear time.
 *
 * `tiers`, when given, are the only tier names allowed (the plan's strata): no enterprise leaves
 * the pool because its tier has no stratum.
 */
export function indexPool(pool: readonly PoolEntry[], tiers?: readonly string[]): IndexedPool {
  const details: ErrorDetail[] = [];
  let problems = 0;
  const problem = (path: string, message: string): void => {
    problems++;
    if (details.length < MAX_DETAILS) details.push({ path, message });
  };
  const n = pool.length;
  const tierNames = tiers ? [...tiers] : [];
  const tierIds = new Map(tierNames.map((name, i) => [name, i]));
  const codes = new Uint8Array(n * CODE_LENGTH);
  const tierOf = new Uint8Array(n);
  const digits = Array.from({ length: PASSES }, () => new Uint16Array(n));
  const regions = new Set<unknown>();
  for (let row = 0; row < n; row++) {
    const entry = pool[row];
    const uscc: unknown = entry?.uscc;
    if (!writeCode(uscc, codes, digits, row)) {
      problem(`pool[${row}].uscc`, `must be 18 characters of the USCC alphabet, not ${JSON.stringify(uscc)}`);
      continue;
    }
    const tier: unknown = entry.tier;
    // Known tier names were checked once (strata); only a new name needs the pattern.
    let id = typeof tier === 'string' ? tierIds.get(tier) : undefined;
    if (id === undefined) {
      if (typeof tier !== 'string' || !TIER_PATTERN.test(tier)) {
        problem(
          `pool[${row}].tier`,
          `must be a tier name (letters, digits, _ or -), not ${JSON.stringify(tier)}`,
        );
      } else if (tiers) {
        problem(
          `pool[${row}].tier`,
          `tier ${JSON.stringify(tier)} has no stratum in the plan (no enterprise leaves the pool by its tier)`,
        );
      } else {
        id = tierNames.push(tier) - 1;
        tierIds.set(tier, id);
        if (id > 255) throw new DomainError(ErrorCode.ValidationFailed, 'a pool may have at most 256 tiers');
      }
    }
    tierOf[row] = id ?? 0;
    const region: unknown = entry.region;
    if (region === undefined || regions.has(region)) continue;
    if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
      problem(`pool[${row}].region`, `must be a region code of digits, not ${JSON.stringify(region)}`);
    } else regions.add(region);
  }
  if (problems === 0) {
    const order = radixOrder(digits, n);
    for (let i = 1; i < n; i++) {
      if (sameCode(codes, order[i - 1], order[i])) {
        const [first, second] = [order[i - 1], order[i]].sort((a, b) => a - b);
        problem(`pool[${second}].uscc`, `${pool[second].uscc} is also at pool[${first}]`);
      }
    }
    if (problems === 0) return { pool, order, codes, tierOf, tierNames };
  }
  const more = problems > details.length ? ` (first ${details.length} listed)` : '';
  throw new DomainError(
    ErrorCode.ValidationFailed,
    `invalid sampling pool: ${problems} problem(s)${more}`,
    details,
  );
}

const WIDTH = 3;
const PASSES = CODE_LENGTH / WIDTH;
const BUCKETS = 31 * 31 * 31;
/** Character code → place in the USCC alphabet, or -1. */
const PLACE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) PLACE[USCC_ALPHABET.charCodeAt(i)] = i;

/** Copies the code's bytes and its 6 three-character digits into row `row`; false when it is not a code. */
function writeCode(uscc: unknown, codes: Uint8Array, digits: Uint16Array[], row: number): boolean {
  if (typeof uscc !== 'string' || uscc.length !== CODE_LENGTH) return false;
  const base = row * CODE_LENGTH;
  for (let p = 0; p < PASSES; p++) {
    let digit = 0;
    for (let j = WIDTH * p; j < WIDTH * p + WIDTH; j++) {
      const c = uscc.charCodeAt(j);
      const place = c < 128 ? PLACE[c] : -1;
      if (place < 0) return false;
      codes[base + j] = c;
      digit = digit * 31 + place;
    }
    digits[p][row] = digit;
  }
  return true;
}

function sameCode(codes: Uint8Array, a: number, b: number): boolean {
  for (let j = 0; j < CODE_LENGTH; j++) {
    if (codes[a * CODE_LENGTH + j] !== codes[b * CODE_LENGTH + j]) return false;
  }
  return true;
}

/** Stable LSD radix sort of the rows, last digit first. */
function radixOrder(digits: readonly Uint16Array[], n: number): Uint32Array {
  let src = new Uint32Array(n);
  let dst = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  const count = new Uint32Array(BUCKETS + 1);
  for (let p = PASSES - 1; p >= 0; p--) {
    const column = digits[p];
    count.fill(0);
    for (let i = 0; i < n; i++) count[column[src[i]] + 1]++;
    for (let c = 1; c <= BUCKETS; c++) count[c] += count[c - 1];
    for (let i = 0; i < n; i++) {
      const row = src[i];
      dst[count[column[row]]++] = row;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Digests already computed, per indexed pool (the plan service digests at the freeze, the draw again). */
const DIGESTS = new WeakMap<IndexedPool, string>();

/**
 * The digest of an indexed pool (see the file comment), written as bytes rather than strings;
 * computed once per indexed pool (its arrays are never changed after `indexPool`).
 */
export function digestIndexedPool(indexed: IndexedPool): string {
  let digest = DIGESTS.get(indexed);
  if (digest === undefined) {
    digest = computeDigest(indexed);
    DIGESTS.set(indexed, digest);
  }
  return digest;
}

function computeDigest(indexed: IndexedPool): string {
  const { order, codes, tierOf } = indexed;
  const tierBytes = indexed.tierNames.map((name) => Buffer.from(`,${name}\n`, 'latin1'));
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 16);
  let at = 0;
  for (let i = 0; i < order.length; i++) {
    if (at > buffer.length - 64) {
      hash.update(buffer.subarray(0, at));
      at = 0;
    }
    const row = order[i];
    const from = row * CODE_LENGTH;
    for (let j = 0; j < CODE_LENGTH; j++) buffer[at++] = codes[from + j];
    const tail = tierBytes[tierOf[row]];
    for (let j = 0; j < tail.length; j++) buffer[at++] = tail[j];
  }
  hash.update(buffer.subarray(0, at));
  return hash.digest('hex');
}

/** The pool digest of a pool in any order (checks it first). */
export function poolDigest(pool: readonly PoolEntry[]): string {
  return digestIndexedPool(indexPool(pool));
}
