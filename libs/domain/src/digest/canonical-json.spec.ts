import { canonicalJson, sha256Hex } from './canonical-json';

describe('canonicalJson', () => {
  it('gives equal bytes for equal content whatever the key order', () => {
    const a = { b: 1, a: { y: [2, { q: 1, p: 2 }], x: null } };
    const b = { a: { x: null, y: [2, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[2,{"p":2,"q":1}]},"b":1}');
  });

  it('keeps array order, drops undefined and writes dates as ISO strings', () => {
    expect(canonicalJson({ l: [3, 1, 2], u: undefined, d: new Date('2026-01-01T00:00:00+08:00') })).toBe(
      '{"d":"2025-12-31T16:00:00.000Z","l":[3,1,2]}',
    );
  });

  it('hashes with sha-256 in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
