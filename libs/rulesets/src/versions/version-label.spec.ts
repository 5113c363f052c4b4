import { assertLabel, nextLabel } from './version-label';

describe('version labels', () => {
  it('assigns the next number after the ones taken with the prefix', () => {
    expect(nextLabel('2026.', [])).toBe('2026.1');
    expect(nextLabel('2026.', ['2026.1', '2026.7', '2026.2-draft', '2025.9', '2026.x'])).toBe('2026.8');
    expect(nextLabel('2026.1-r', ['2026.1', '2026.1-r1'])).toBe('2026.1-r2');
  });

  it('refuses labels the schema refuses, naming the field', () => {
    expect(assertLabel('2026.2', 'document.version')).toBe('2026.2');
    for (const bad of ['', '-x', 'a b', 'x'.repeat(41), 7]) {
      expect(() => assertLabel(bad, 'document.version')).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: [expect.objectContaining({ path: 'document.version' })],
        }),
      );
    }
  });
});
