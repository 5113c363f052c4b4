import { badTextIn, undecodableQuery } from './text-guard';

describe('badTextIn', () => {
  it('names every NUL and lone surrogate by its path, keys too', () => {
    expect(
      badTextIn({ name: 'a\u0000b', items: [{ note: 'ok' }, { note: 'x\uD800' }], ['k\uDC00']: 1 }, 'body'),
    ).toEqual([
      { path: 'body', message: 'a field name contains a lone surrogate (not valid Unicode text)' },
      { path: 'body.name', message: 'contains a NUL character (U+0000)' },
      { path: 'body.items[1].note', message: 'contains a lone surrogate (not valid Unicode text)' },
    ]);
  });

  it('accepts paired surrogates (emoji, rare CJK) and ordinary text', () => {
    expect(badTextIn({ name: '𠀀 杭州 😀', n: 1, none: null }, 'body')).toEqual([]);
  });

  it('stops at a limit, however large the input', () => {
    expect(
      badTextIn(
        Array.from({ length: 1000 }, () => '\u0000'),
        'q',
        5,
      ),
    ).toHaveLength(5);
  });
});

describe('undecodableQuery', () => {
  it('names parameters whose percent-encoding is not UTF-8', () => {
    expect(undecodableQuery('/x?a=%ED%A0%80&b=ok&c=%E0%A4%A&d=%41+b')).toEqual([
      { path: 'query.a', message: 'is not valid percent-encoded UTF-8' },
      { path: 'query.c', message: 'is not valid percent-encoded UTF-8' },
    ]);
    expect(undecodableQuery('/x?region=3301&name=%E6%9D%AD%E5%B7%9E')).toEqual([]);
    expect(undecodableQuery('/x')).toEqual([]);
  });
});
