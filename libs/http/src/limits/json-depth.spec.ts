import { DomainError } from '@app/domain';
import { assertJsonDepth, assertJsonTextDepth, jsonDepthExceededAt } from './json-depth';
import { formatBytes } from './http-limit.error';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON depth', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthExceededAt(nested(64), 64)).toBe(-1);
    expect(jsonDepthExceededAt(nested(65), 64)).toBe(64);
    expect(jsonDepthExceededAt('{"a":{"b":[1]}}', 3)).toBe(-1);
    expect(jsonDepthExceededAt('{"a":{"b":[1]}}', 2)).toBe(10);
    expect(jsonDepthExceededAt('["[[[[", "\\"[[[["]', 1)).toBe(-1);
    expect(jsonDepthExceededAt(Buffer.from('{"名":[["[["]]}'), 3)).toBe(-1);
    expect(jsonDepthExceededAt(Buffer.from('{"名":[["[["]]}'), 2)).toBeGreaterThan(0);
  });

  it('refuses a too deep text or value with a ValidationFailed error naming where', () => {
    expect(() => assertJsonTextDepth(nested(65))).toThrow(DomainError);
    expect(() => assertJsonTextDepth(nested(64))).not.toThrow();
    const deep: unknown[] = [];
    let cursor = deep;
    for (let i = 1; i < 64; i++) {
      const next: unknown[] = [];
      cursor.push(next);
      cursor = next;
    }
    expect(() => assertJsonDepth(deep, 64)).not.toThrow();
    cursor.push({ x: 1 });
    try {
      assertJsonDepth(deep, 64, 'rows[3]');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toBe('JSON nested deeper than 64 levels');
      expect((error as DomainError).details[0].path).toBe('rows[3]');
      expect((error as DomainError).details[0].message).toMatch(
        /^nested deeper than 64 levels at rows\[3\](\[0\]){64}$/,
      );
    }
  });

  it('survives a nesting that would overflow a recursive walk', () => {
    expect(jsonDepthExceededAt(nested(1_000_000), 64)).toBe(64);
  });
});

describe('formatBytes', () => {
  it('names limits the way people read them', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(100)).toBe('100 bytes');
  });
});
