import * as crypto from 'node:crypto';

/**
 * The random source of plan draws (docs/sampling.md §2): a counter-mode SHA-256 stream.
 *
 * Block j of the stream named by `labels` is SHA-256 of the ASCII text
 * `tierwatch-sampling/1|<label 1>|…|<label k>|<j>` (j in decimal, from 0); the stream is the blocks
 * in order, each read as eight big-endian unsigned 32-bit words. SHA-256 is chosen over a faster
 * generator (xoshiro, PCG) because every language and every auditor's toolbox already has it, its
 * output is specified to the bit, and no seeding procedure needs defining: a third party can check
 * a published draw with `sha256sum` and a few lines of any language. Its cost is paid per block of
 * eight words, which a draw of 100k enterprises needs only ~50k of.
 *
 * Labels are restricted to characters without `|` (see SEED_PATTERN and the pool checks), so the
 * text of a block names exactly one (stream, counter) pair.
 */

export const SAMPLING_DOMAIN = 'tierwatch-sampling/1';

/** Seeds are 1–128 characters of letters, digits, `.`, `_`, `:` and `-` (never `|`). */
export const SEED_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

const TWO_32 = 0x1_0000_0000;

/** One-shot crypto.hash where Node has it (≥ 20.12, about a third faster per block), else createHash. */
const sha256: (text: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'buffer')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest();

export class SamplingStream {
  private readonly prefix: string;
  private block: Buffer = Buffer.alloc(32);
  private word = 8;
  private counter = 0;

  constructor(labels: readonly string[]) {
    this.prefix = `${[SAMPLING_DOMAIN, ...labels].join('|')}|`;
  }

  /** The next word of the stream, 0 ≤ w < 2^32. */
  nextUint32(): number {
    if (this.word === 8) {
      this.block = sha256(`${this.prefix}${this.counter}`);
      this.counter++;
      this.word = 0;
    }
    return this.block.readUInt32BE(4 * this.word++);
  }

  /**
   * A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias: words w ≥ 2^32 − (2^32 mod n)
   * are rejected and the next word is read; the result is w mod n. Always reads at least one word
   * (also for n = 1), so every draw moves the stream the same way in every implementation.
   */
  uniform(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > TWO_32) {
      throw new RangeError(`uniform(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    }
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const w = this.nextUint32();
      if (w < limit) return w % n;
    }
  }
}

/** The stream of stratum `tier`'s draw. */
export function drawStream(seed: string, tier: string): SamplingStream {
  return new SamplingStream([seed, 'draw', tier]);
}

/** The stream of the inspectors drawn for enterprise `uscc`. */
export function assignmentStream(seed: string, uscc: string): SamplingStream {
  return new SamplingStream([seed, 'assign', uscc]);
}
