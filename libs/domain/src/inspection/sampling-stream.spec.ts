import { createHash } from 'node:crypto';
import { assignmentStream, drawStream, SamplingStream } from './sampling-stream';

/** The vectors of docs/sampling.md §2: change one and the document must change with it. */
describe('SamplingStream', () => {
  it('block 0 of a stream is SHA-256 of "tierwatch-sampling/1|<labels>|0"', () => {
    expect(createHash('sha256').update('tierwatch-sampling/1|test-seed|draw|A|0').digest('hex')).toBe(
      '9efbc4471287b3c2e3d5c7e359f80981f19fca3571912ab7da672bc8949451b9',
    );
  });

  it('reads blocks as big-endian 32-bit words, block after block (docs vector 1)', () => {
    const stream = drawStream('test-seed', 'A');
    const words = Array.from({ length: 10 }, () => stream.nextUint32());
    expect(words).toEqual([
      2667299911, 310883266, 3822438371, 1509427585, 4053781045, 1905339063, 3664194504, 2492748217,
      2500170461, 1839495378,
    ]);
  });

  it('uniform(n) is w mod n of the next accepted word (docs vector 2)', () => {
    const stream = new SamplingStream(['test-seed', 'draw', 'A']);
    expect([10, 3, 1, 1_000_000, 7].map((n) => stream.uniform(n))).toEqual([1, 1, 0, 427585, 6]);
  });

  it('rejects words at or above 2^32 − (2^32 mod n), so no residue is favoured', () => {
    // n = 3·2^30: limit = 3·2^30, so 2667299911 (< limit) is accepted and 3822438371 (≥ limit) is not.
    const n = 3 * 2 ** 30;
    const stream = drawStream('test-seed', 'A');
    expect(stream.uniform(n)).toBe(2667299911 % n);
    expect(stream.uniform(n)).toBe(310883266 % n);
    // The third word 3822438371 ≥ 3221225472 is rejected; the fourth is used.
    expect(stream.uniform(n)).toBe(1509427585 % n);
  });

  it('refuses a range it cannot draw from', () => {
    const stream = drawStream('s', 'A');
    expect(() => stream.uniform(0)).toThrow(RangeError);
    expect(() => stream.uniform(2 ** 32 + 1)).toThrow(RangeError);
    expect(() => stream.uniform(1.5)).toThrow(RangeError);
  });

  it('streams of different labels differ', () => {
    const a = assignmentStream('s', '91330106MA2B3C4D5E').nextUint32();
    const b = assignmentStream('s', '91330106MA2B3C4D5F').nextUint32();
    const c = drawStream('s', 'A').nextUint32();
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
