import { applyJsonPatch } from './json-patch';

describe('applyJsonPatch', () => {
  const doc = { kind: 'tiering', rules: [{ name: 'a', priority: 1 }], outcome: { base: 100 } };

  it('applies RFC 6902 operations to a copy', () => {
    const out = applyJsonPatch(doc, [
      { op: 'replace', path: '/outcome/base', value: 80 },
      { op: 'add', path: '/rules/-', value: { name: 'b' } },
      { op: 'test', path: '/kind', value: 'tiering' },
    ]);
    expect(out).toEqual({
      kind: 'tiering',
      rules: [{ name: 'a', priority: 1 }, { name: 'b' }],
      outcome: { base: 80 },
    });
    expect(doc.outcome.base).toBe(100);
  });

  it('names the operation that does not apply (400)', () => {
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/outcome/base', value: 80 },
        { op: 'replace', path: '/nothing/here', value: 1 },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'patch[1]', message: expect.stringMatching(/unresolvable.*\/nothing\/here/) }],
      }),
    );
  });

  it('answers a failed test with a conflict (409)', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/outcome/base', value: 90 }])).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        details: [{ path: 'patch[0]', message: expect.any(String) }],
      }),
    );
  });

  it('refuses to touch __proto__', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'add', path: '/__proto__/polluted', value: 1 }])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
