import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { makeUscc } from '../uscc';
import { drawPlanSample, ratioBasisPoints, StratumSpec, stratumTarget } from './plan-draw';
import { digestIndexedPool, indexPool, poolDigest, PoolEntry } from './sampling-pool';
import { DEFAULT_STRATA, shuffled, syntheticPool, syntheticUscc } from './sampling.spec-helper';

/** The worked example of docs/sampling.md §4. */
const DOCS_TIERS = ['A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'];
const DOCS_POOL: PoolEntry[] = DOCS_TIERS.map((tier, i) => ({
  uscc: makeUscc({ region: '330106', orgBody: `MA2B3C${String(i).padStart(2, '0')}` }),
  tier,
}));
const DOCS_STRATA: StratumSpec[] = [
  { tier: 'D', ratio: 0.8 },
  { tier: 'C', ratio: 1 },
  { tier: 'B', count: 2 },
  { tier: 'A', ratio: 0.5 },
];

describe('drawPlanSample', () => {
  it('reproduces the worked example of docs/sampling.md', () => {
    const draw = drawPlanSample({ seed: 'docs-example-2026', pool: DOCS_POOL, strata: DOCS_STRATA });
    expect(draw.poolDigest).toBe('4b4ca393cd4a31f66e7763df08ce27c89875320d2e257eaed2880bedd7b972a3');
    expect(draw.strata).toEqual([
      { tier: 'D', poolSize: 1, target: 1, ratio: 0.8 },
      { tier: 'C', poolSize: 2, target: 2, ratio: 1 },
      { tier: 'B', poolSize: 3, target: 2, count: 2 },
      { tier: 'A', poolSize: 6, target: 3, ratio: 0.5 },
    ]);
    expect(draw.selection.map((e) => `${e.uscc} ${e.tier}`)).toEqual([
      '91330106MA2B3C114W D',
      '91330106MA2B3C1062 C',
      '91330106MA2B3C093C C',
      '91330106MA2B3C085H B',
      '91330106MA2B3C069U B',
      '91330106MA2B3C0349 A',
      '91330106MA2B3C050Y A',
      '91330106MA2B3C00XK A',
    ]);
  });

  it('pool digest is SHA-256 of "<uscc>,<tier>\\n" lines in uscc order', () => {
    const text = [...DOCS_POOL]
      .map((e) => `${e.uscc},${e.tier}\n`)
      .sort()
      .join('');
    expect(poolDigest(shuffled(DOCS_POOL, 3))).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('gives the same selection in the same order for any order of the pool', () => {
    const pool = syntheticPool(500);
    const reference = drawPlanSample({ seed: 'determinism', pool, strata: DEFAULT_STRATA });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (salt) => {
        const again = drawPlanSample({
          seed: 'determinism',
          pool: shuffled(pool, salt),
          strata: DEFAULT_STRATA,
        });
        expect(again.selection.map((e) => e.uscc)).toEqual(reference.selection.map((e) => e.uscc));
        expect(again.poolDigest).toBe(reference.poolDigest);
      }),
      { numRuns: 25 },
    );
  });

  it('gives a different selection for a different seed', () => {
    const pool = syntheticPool(2000);
    const a = drawPlanSample({ seed: 'seed-one', pool, strata: DEFAULT_STRATA });
    const b = drawPlanSample({ seed: 'seed-two', pool, strata: DEFAULT_STRATA });
    expect(a.selection.length).toBe(b.selection.length);
    expect(a.selection.map((e) => e.uscc)).not.toEqual(b.selection.map((e) => e.uscc));
    expect(a.poolDigest).toBe(b.poolDigest);
  });

  it('draws exactly ceil(ratio × stratum size) per tier on a large pool, strata in plan order', () => {
    const pool = syntheticPool(100_003);
    const draw = drawPlanSample({ seed: 'fidelity', pool, strata: DEFAULT_STRATA });
    const sizes = { A: 0, B: 0, C: 0, D: 0 } as Record<string, number>;
    for (const e of pool) sizes[e.tier]++;
    const expected = DEFAULT_STRATA.map((s) => ({
      tier: s.tier,
      target: Math.ceil(s.ratio * sizes[s.tier] - 1e-9),
    }));
    expect(draw.strata.map((s) => ({ tier: s.tier, target: s.target }))).toEqual(expected);
    // Concatenated stratum by stratum, every entry of the right tier, no enterprise twice.
    let at = 0;
    for (const s of draw.strata) {
      for (let i = 0; i < s.target; i++) expect(draw.selection[at++].tier).toBe(s.tier);
    }
    expect(new Set(draw.selection.map((e) => e.uscc)).size).toBe(draw.selection.length);
  });

  it('computes ceil exactly, where floating point would not (0.03 × 100 is 3.0000000000000004)', () => {
    expect(stratumTarget({ tier: 'A', ratio: 0.03 }, 100)).toBe(3);
    expect(stratumTarget({ tier: 'A', ratio: 0.07 }, 100)).toBe(7);
    expect(stratumTarget({ tier: 'A', ratio: 0.03 }, 101)).toBe(4);
    expect(stratumTarget({ tier: 'B', count: 10 }, 4)).toBe(4);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 5_000_000 }), (bp, n) => {
        const exact = (BigInt(bp) * BigInt(n) + 9999n) / 10000n;
        expect(stratumTarget({ tier: 'A', ratio: bp / 10_000 }, n)).toBe(Number(exact));
      }),
    );
  });

  it('reads every ratio 0.0000 … 1.0000 as its exact basis points, with no floating-point product', () => {
    // Of the 10,001 four-decimal ratios, 1,149 have an inexact product ratio × 10000 in binary64:
    // 573 land just below the integer (0.0573 × 10000 = 572.9999999999999; truncated, a basis point
    // is lost) and 576 just above (0.0051 × 10000 = 51.00000000000001; a ceiling would add one).
    // The basis points used to come from rounding that product; they are now the ratio's digits.
    let below = 0;
    let above = 0;
    for (let bp = 0; bp <= 10_000; bp++) {
      const text = bp === 10_000 ? '1.0000' : `0.${String(bp).padStart(4, '0')}`;
      const ratio = Number(text);
      if (ratio * 10_000 < bp) below++;
      if (ratio * 10_000 > bp) above++;
      expect(ratioBasisPoints(ratio)).toBe(bp);
    }
    expect([below, above]).toEqual([573, 576]);
  });

  it('states the basis points of the test vectors in docs/sampling.md §4', () => {
    expect(ratioBasisPoints(0.0573)).toBe(573);
    expect(ratioBasisPoints(0.0051)).toBe(51);
    expect(ratioBasisPoints(0.03)).toBe(300);
    expect(ratioBasisPoints(1)).toBe(10_000);
    expect(ratioBasisPoints(0)).toBe(0);
    // More than 4 decimals in the shortest numeral: refused, not rounded.
    expect(ratioBasisPoints(0.1 + 0.2)).toBeUndefined(); // 0.30000000000000004
    expect(ratioBasisPoints(0.00005)).toBeUndefined();
    expect(ratioBasisPoints(1e-7)).toBeUndefined();
    expect(ratioBasisPoints(1.0001)).toBeUndefined();
    expect(ratioBasisPoints(-0.5)).toBeUndefined();
    expect(stratumTarget({ tier: 'A', ratio: 0.0573 }, 10_000)).toBe(573);
    expect(stratumTarget({ tier: 'A', ratio: 0.0573 }, 10_001)).toBe(574);
  });

  it('reuses a pool the caller indexed already, and refuses one indexed otherwise', () => {
    const pool = syntheticPool(500);
    const tiers = DEFAULT_STRATA.map((s) => s.tier);
    const indexed = indexPool(pool, tiers);
    const reused = drawPlanSample({ seed: 'reuse', pool, strata: DEFAULT_STRATA, indexed });
    expect(reused).toEqual(drawPlanSample({ seed: 'reuse', pool, strata: DEFAULT_STRATA }));
    expect(() => drawPlanSample({ seed: 'reuse', pool: [...pool], strata: DEFAULT_STRATA, indexed })).toThrow(
      RangeError,
    );
    expect(() =>
      drawPlanSample({
        seed: 'reuse',
        pool,
        strata: DEFAULT_STRATA,
        indexed: indexPool(pool, [...tiers].reverse()),
      }),
    ).toThrow(RangeError);
  });

  it('digests an indexed pool once: the draw after the freeze gives the digest of the pool itself', () => {
    const pool = syntheticPool(500);
    const indexed = indexPool(
      pool,
      DEFAULT_STRATA.map((s) => s.tier),
    );
    const frozen = digestIndexedPool(indexed);
    expect(frozen).toBe(poolDigest(shuffled(pool, 3)));
    expect(drawPlanSample({ seed: 'once', pool, strata: DEFAULT_STRATA, indexed }).poolDigest).toBe(frozen);
    // another pool indexed afresh digests to its own value, not a remembered one
    const other = indexPool(pool.slice(1), ['D', 'C', 'B', 'A']);
    expect(digestIndexedPool(other)).toBe(poolDigest(pool.slice(1)));
    expect(digestIndexedPool(other)).not.toBe(frozen);
  });

  it('never leaves A out: a non-empty stratum with a ratio above 0 has at least one drawn (不免抽)', () => {
    const pool = syntheticPool(30).filter((e) => e.tier === 'A' || e.tier === 'B');
    const only = [pool.find((e) => e.tier === 'A')!, ...pool.filter((e) => e.tier === 'B')];
    const draw = drawPlanSample({
      seed: 'a-never-never',
      pool: only,
      strata: [
        { tier: 'B', ratio: 0.1 },
        { tier: 'A', ratio: 0.0001 },
      ],
    });
    expect(draw.strata.find((s) => s.tier === 'A')!.target).toBe(1);
    expect(draw.selection.some((e) => e.tier === 'A')).toBe(true);
  });

  it('draws every enterprise of a stratum with the same probability (binomial bounds)', () => {
    // 40 enterprises of tier C at 25%: 10 a draw. Over 2,000 seeds each is drawn ~ Binomial(2000, 0.25):
    // mean 500, sd 19.4; ±6 sd leaves a chance below 1e-7 of a false failure.
    const pool = Array.from({ length: 40 }, (_, i) => ({ uscc: syntheticUscc(i), tier: 'C' }));
    const hits = new Map<string, number>();
    for (let s = 0; s < 2000; s++) {
      const draw = drawPlanSample({ seed: `binomial-${s}`, pool, strata: [{ tier: 'C', ratio: 0.25 }] });
      expect(draw.selection).toHaveLength(10);
      for (const e of draw.selection) hits.set(e.uscc, (hits.get(e.uscc) ?? 0) + 1);
    }
    for (const e of pool) {
      expect(Math.abs((hits.get(e.uscc) ?? 0) - 500)).toBeLessThan(6 * 19.4);
    }
  });

  it('orders each stratum uniformly: every enterprise is first equally often', () => {
    const pool = Array.from({ length: 10 }, (_, i) => ({ uscc: syntheticUscc(i), tier: 'B' }));
    const first = new Map<string, number>();
    for (let s = 0; s < 3000; s++) {
      const [head] = drawPlanSample({
        seed: `first-${s}`,
        pool,
        strata: [{ tier: 'B', count: 3 }],
      }).selection;
      first.set(head.uscc, (first.get(head.uscc) ?? 0) + 1);
    }
    // Binomial(3000, 0.1): mean 300, sd 16.4.
    for (const e of pool) expect(Math.abs((first.get(e.uscc) ?? 0) - 300)).toBeLessThan(6 * 16.4);
  });

  describe('refuses', () => {
    const run = (input: Parameters<typeof drawPlanSample>[0]): DomainError => {
      try {
        drawPlanSample(input);
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
      throw new Error('expected a DomainError');
    };

    it('a pool with an enterprise twice, naming both positions', () => {
      const pool = [...DOCS_POOL, { ...DOCS_POOL[3] }];
      const error = run({ seed: 's1', pool, strata: DOCS_STRATA });
      expect(error.details).toEqual([
        { path: 'pool[12].uscc', message: `${DOCS_POOL[3].uscc} is also at pool[3]` },
      ]);
    });

    it('a tier without a stratum (no enterprise leaves the pool by its tier)', () => {
      const error = run({
        seed: 's1',
        pool: [...DOCS_POOL, { uscc: syntheticUscc(99), tier: 'E' }],
        strata: DOCS_STRATA,
      });
      expect(error.details).toEqual([
        { path: 'pool[12].tier', message: expect.stringContaining('"E" has no stratum') },
      ]);
    });

    it('malformed codes, seeds and strata, each with its path', () => {
      const error = run({
        seed: 'has|pipe',
        pool: [{ uscc: '91330106MA2B3C00XI', tier: 'A' }],
        strata: [
          { tier: 'A', ratio: 0.12345 },
          { tier: 'A', count: 1 },
          { tier: 'B', ratio: 0.1, count: 1 } as never,
        ],
      });
      expect(error.details.map((d) => d.path)).toEqual([
        'seed',
        'strata[0].ratio',
        'strata[1].tier',
        'strata[2]',
      ]);
      const pool = run({
        seed: 's',
        pool: [{ uscc: '91330106MA2B3C00XI', tier: 'A' }],
        strata: [{ tier: 'A', ratio: 1 }],
      });
      expect(pool.details.map((d) => d.path)).toEqual(['pool[0].uscc']);
    });
  });
});
