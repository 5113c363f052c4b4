import { assertKind, effectiveInstant } from './version-steps';

describe('life-cycle input checks', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('takes an instant with its zone, not in the past', () => {
    expect(effectiveInstant('2027-01-01T00:00:00+08:00', now).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(effectiveInstant('2026-12-01T00:00:00Z', now).getTime()).toBe(now.getTime());
    for (const bad of ['2027-01-01', '2027-01-01T00:00:00', '2027-02-30T00:00:00+08:00x', 'soon']) {
      expect(() => effectiveInstant(bad, now)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: [expect.objectContaining({ path: 'effectiveFrom' })],
        }),
      );
    }
    expect(() => effectiveInstant('2026-11-30T23:59:59Z', now)).toThrow(/in the past/);
  });

  it('wants a JSON object of the path kind, naming the field', () => {
    expect(() => assertKind({ kind: 'tiering' }, 'tiering', 'document')).not.toThrow();
    expect(() => assertKind({ kind: 'frequency' }, 'tiering', 'document')).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'document.kind' })] }),
    );
    expect(() => assertKind([], 'tiering', 'patch')).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'patch' })] }),
    );
  });
});
