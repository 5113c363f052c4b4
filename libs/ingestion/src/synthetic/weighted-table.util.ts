import { Prng } from './prng.util';

/**
 * Picks items in proportion to their weights. Tables are built once at module load; a pick is a
 * linear scan of a cumulative array, which beats a binary search for the few dozen items we have.
 */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('a weighted table needs one weight per item and at least one item');
    }
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((weight, i) => {
      if (!(weight >= 0)) throw new RangeError(`weight must be non-negative, got ${weight}`);
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.total = sum;
  }

  /** A table of items that carry their own weight. */
  static by<V>(items: readonly V[], weightOf: (item: V) => number): WeightedTable<V> {
    return new WeightedTable(items, items.map(weightOf));
  }

  /** A table of [value, weight] pairs, for the many small tables written inline. */
  static of<V>(pairs: readonly (readonly [V, number])[]): WeightedTable<V> {
    return new WeightedTable(
      pairs.map((pair) => pair[0]),
      pairs.map((pair) => pair[1]),
    );
  }

  pick(prng: Prng): T {
    const target = prng.float() * this.total;
    const last = this.items.length - 1;
    for (let i = 0; i < last; i++) if (target < this.cumulative[i]) return this.items[i];
    return this.items[last];
  }
}
