import type { PoolEntry } from './sampling-pool';

/** Test pools: USCC-shaped codes (pattern only, no check character) and tiers in a realistic mix. */

/** An 18-character code for index i: 91 + region + the index in 10 digits. */
export function syntheticUscc(i: number, region = '330106'): string {
  return `91${region}${String(i).padStart(10, '0')}`;
}

/** n enterprises, tier by position in a 65/25/8/2 mix (DOMAIN.md §1), regions from a short list. */
export function syntheticPool(n: number, regions: readonly string[] = ['330106']): PoolEntry[] {
  const pool: PoolEntry[] = [];
  for (let i = 0; i < n; i++) {
    const bucket = i % 100;
    const tier = bucket < 65 ? 'A' : bucket < 90 ? 'B' : bucket < 98 ? 'C' : 'D';
    const region = regions[i % regions.length];
    pool.push({ uscc: syntheticUscc(i, region), tier, region });
  }
  return pool;
}

/** A copy in another order, driven by a small LCG so the test needs no randomness of its own. */
export function shuffled<T>(items: readonly T[], salt: number): T[] {
  const out = [...items];
  let state = (salt * 2654435761) >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const DEFAULT_STRATA = [
  { tier: 'D', ratio: 0.8 },
  { tier: 'C', ratio: 0.4 },
  { tier: 'B', ratio: 0.1 },
  { tier: 'A', ratio: 0.03 },
] as const;
