/**
 * The synthetic population's randomness. A tiny, well-known generator (mulberry32) rather than
 * pure-rand: pure-rand is only a transitive dependency of fast-check, so its API could change under
 * us on an upgrade we did not ask for, and five lines of integer arithmetic are also faster than a
 * general-purpose library. Not for security: outputs are predictable by design.
 */

const TWO_32 = 4_294_967_296;

/** MurmurHash3's 32-bit finaliser: every input bit flips about half the output bits. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The seed of enterprise `index` in population `seed`. Hashing (seed, index) instead of drawing
 * enterprises from one long stream makes enterprise i the same whatever the population size, so a
 * small population is an exact prefix of a large one, and any enterprise can be regenerated alone.
 */
export function deriveSeed(seed: number, index: number): number {
  // Seeds and indexes may exceed 32 bits: fold the high word in rather than silently dropping it.
  const seedLow = seed >>> 0;
  const seedHigh = Math.floor(seed / TWO_32) >>> 0;
  const indexLow = index >>> 0;
  const indexHigh = Math.floor(index / TWO_32) >>> 0;
  let h = fmix32(seedLow ^ fmix32(seedHigh + 0x9e3779b9));
  h = fmix32(h ^ Math.imul(indexLow + 0x7f4a7c15, 0x9e3779b9));
  return fmix32(h ^ fmix32(indexHigh + 0x632be5ab));
}

/** mulberry32 (Tommy Ettinger's generator, as published by bryc) with the draws the generator needs. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  reseed(seed: number): void {
    this.state = seed | 0;
  }

  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / TWO_32;
  }

  /** Uniform integer in [0, n); the modulo bias of a 32-bit draw is far below anything we measure. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [low, high], both included; `high < low` yields `low`. */
  between(low: number, high: number): number {
    return high <= low ? low : low + this.int(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /**
   * A count with the given mean and a geometric (exponential) tail: most draws are small, a few
   * are several times the mean, which is how complaints and alerts spread over enterprises.
   */
  geometric(mean: number): number {
    if (mean <= 0) return 0;
    const u = 1 - this.float(); // (0, 1]: log(0) would be -Infinity
    return Math.floor(Math.log(u) / Math.log(mean / (mean + 1)));
  }
}
