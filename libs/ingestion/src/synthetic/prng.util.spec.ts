import { deriveSeed, fmix32, Prng } from './prng.util';

const draws = (prng: Prng, n: number): number[] => Array.from({ length: n }, () => prng.nextUint32());

describe('fmix32', () => {
  it('matches MurmurHash3 fmix32', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
    expect(fmix32(2)).toBe(0x30f4c306);
    expect(fmix32(0xdeadbeef)).toBe(0x0de5c6a9);
  });
});

describe('Prng (mulberry32)', () => {
  // Produced by bryc's reference implementation:
  // t = a += 0x6D2B79F5; t = Math.imul(t ^ t >>> 15, t | 1); t ^= t + Math.imul(t ^ t >>> 7, t | 61); (t ^ t >>> 14) >>> 0
  it('reproduces the reference outputs', () => {
    expect(draws(new Prng(0), 5)).toEqual([1144304738, 1416247, 958946056, 627933444, 2007157716]);
    expect(draws(new Prng(1), 5)).toEqual([2693262067, 11749833, 2265367787, 4213581821, 4159151403]);
    expect(draws(new Prng(42), 5)).toEqual([2581720956, 1925393290, 3661312704, 2876485805, 750819978]);
  });

  it('restarts the same stream on reseed', () => {
    const prng = new Prng(42);
    const first = draws(prng, 3);
    prng.reseed(42);
    expect(draws(prng, 3)).toEqual(first);
  });

  it('keeps between() within its bounds, both included', () => {
    const prng = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(prng.between(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(prng.between(5, 2)).toBe(5);
  });

  it('draws geometric counts with the requested mean', () => {
    const prng = new Prng(11);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += prng.geometric(4);
    expect(sum / 100_000).toBeGreaterThan(3.9);
    expect(sum / 100_000).toBeLessThan(4.1);
    expect(prng.geometric(0)).toBe(0);
  });
});

describe('deriveSeed', () => {
  it('gives neighbouring indexes and seeds unrelated streams', () => {
    const seeds = new Set<number>();
    for (let seed = 0; seed < 10; seed++)
      for (let index = 0; index < 1000; index++) seeds.add(deriveSeed(seed, index));
    expect(seeds.size).toBe(10_000);
  });

  it('uses the bits of seeds beyond 32 bits', () => {
    expect(deriveSeed(2 ** 32 + 1, 0)).not.toBe(deriveSeed(1, 0));
    expect(deriveSeed(1, 2 ** 32)).not.toBe(deriveSeed(1, 0));
  });
});
