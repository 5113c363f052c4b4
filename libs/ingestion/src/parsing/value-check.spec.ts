import { DomainError, ErrorCode } from '@app/domain';
import fc from 'fast-check';
import { CsvHeaderProbe, parseCsv } from './csv.parser';
import { parseJsonArray } from './json-array.parser';
import { parseNdjson } from './ndjson.parser';
import { chunked, collect } from './parser-testing.spec-helper';
import {
  checkValue,
  exactNumbers,
  MAX_JSON_DEPTH,
  needsExactRead,
  printable,
  stringProblem,
} from './value-check';

describe('value checks', () => {
  it('names the field holding a NUL or a lone surrogate, nested or in a list', () => {
    expect(checkValue({ a: 'x', payload: { summary: 'a\u0000b' } }, true)).toEqual({
      problem: {
        path: 'payload.summary',
        keys: ['payload', 'summary'],
        message: 'must not contain NUL (U+0000)',
      },
    });
    expect(checkValue({ tags: ['ok', 'bad\ud800'] }, true).problem).toMatchObject({
      path: 'tags.1',
      message: 'must not contain a lone surrogate (U+D800)',
    });
    expect(checkValue({ name: '\udc01x' }, true).problem?.message).toBe(
      'must not contain a lone surrogate (U+DC01)',
    );
    expect(checkValue({ 'na\u0000me': 1 }, true).problem).toMatchObject({
      path: 'na\\u0000me',
      message: 'field name must not contain NUL (U+0000)',
    });
    // A well-formed pair is fine; without `strings` nothing looks at text at all.
    expect(checkValue({ name: '😀汉' }, true)).toEqual({ inexact: false, numbers: false });
    expect(checkValue({ name: 'a\u0000' }, false)).toEqual({ inexact: false, numbers: false });
  });

  it('flags numbers a double may have rounded, and refuses them where asked', () => {
    expect(checkValue({ a: 5000, b: -3, c: [1, 2] }, false)).toEqual({ inexact: false, numbers: true });
    expect(checkValue({ a: 1.5 }, false)).toEqual({ inexact: true, numbers: true });
    expect(checkValue({ a: 123456789012345680000 }, false)).toEqual({ inexact: true, numbers: true });
    // 2024.0000000000000001 parses as the safe integer 2024: only its text tells.
    const rounded = '{"year":2024.0000000000000001}';
    expect(needsExactRead(checkValue(JSON.parse(rounded), false), rounded)).toBe(true);
    const plain = '{"year":2024,"id":"12345678901234567890"}';
    expect(needsExactRead(checkValue(JSON.parse(plain), false), plain)).toBe(true);
    expect(JSON.parse(exactNumbers(plain))).toEqual(JSON.parse(plain));
    expect(needsExactRead(checkValue({ year: 2024 }, false), '{"year":2024}')).toBe(false);
    expect(checkValue({ n: { m: 2 ** 53 } }, { strings: false, refuseUnsafeIntegers: true }).problem).toEqual(
      {
        path: 'n.m',
        keys: ['n', 'm'],
        message: 'is beyond the safe integer range (±9007199254740991)',
      },
    );
    expect(checkValue({ n: Infinity }, { strings: false, refuseUnsafeIntegers: true }).problem?.path).toBe(
      'n',
    );
    expect(checkValue({ ratio: 0.05 }, { strings: true, refuseUnsafeIntegers: true })).toEqual({
      inexact: true,
      numbers: true,
    });
  });

  it('refuses nesting deeper than the limit without recursing further', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(checkValue({ payload: deep }, true).problem?.message).toBe(
      `is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) ok = [ok];
    expect(checkValue({ payload: ok }, true)).toEqual({ inexact: false, numbers: false });
  });

  it('rewrites exactly the numbers that are not safe integers into their own text', () => {
    const text =
      '{"a":123456789012345678901,"b":"12.5 in a string","c":[1.10,-2,3e2,1E400,2024.0000000000000001,2.50e3],"d":"\\"x\\"1.5","e":9007199254740993}';
    expect(JSON.parse(exactNumbers(text))).toEqual({
      a: '123456789012345678901',
      b: '12.5 in a string',
      c: ['1.10', -2, 300, '1E400', '2024.0000000000000001', 2500],
      d: '"x"1.5',
      e: '9007199254740993',
    });
    expect(exactNumbers('{"a":1,"b":[2,3]}')).toBe('{"a":1,"b":[2,3]}');
  });

  it('property: exactNumbers keeps every value JSON.parse reads exactly and only strings the others', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const exact = JSON.parse(exactNumbers(text)) as unknown;
        const same = (a: unknown, b: unknown): boolean => {
          if (typeof a === 'number') {
            return Number.isSafeInteger(a) ? a === b : typeof b === 'string' && Number(b) === a;
          }
          if (Array.isArray(a)) return Array.isArray(b) && a.every((x, i) => same(x, b[i]));
          if (typeof a === 'object' && a !== null) {
            return Object.keys(a).every((k) =>
              same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
            );
          }
          return Object.is(a, b);
        };
        expect(same(JSON.parse(text), exact)).toBe(true);
      }),
    );
  });

  it('writes control characters and lone surrogates out for messages', () => {
    expect(printable('a\u0000b\u001f\ud800c😀\t')).toBe('a\\u0000b\\u001f\\ud800c😀\t');
    expect(stringProblem('fine')).toBeUndefined();
  });
});

describe('parsers refuse what PostgreSQL cannot store and keep numbers exact', () => {
  const ndjson = (text: string, sizes = [1 << 20]) => collect(parseNdjson(chunked(Buffer.from(text), sizes)));

  it('NDJSON: a NUL or lone surrogate escape is an error row naming the field, wherever chunks are cut', async () => {
    const text =
      '{"name":"ok"}\n{"name":"a\\u0000b"}\n{"payload":{"summary":"\\ud83d"}}\n{"name":"\\ud83d\\ude00"}\n';
    const expected = [
      { row: 1, value: { name: 'ok' } },
      { row: 2, path: 'name', error: 'must not contain NUL (U+0000)' },
      { row: 3, path: 'payload.summary', error: 'must not contain a lone surrogate (U+D83D)' },
      { row: 4, value: { name: '😀' } },
    ];
    expect(await ndjson(text)).toEqual(expected);
    for (const size of [1, 2, 3, 7, 16]) expect(await ndjson(text, [size])).toEqual(expected);
  });

  it('NDJSON: big integers and long decimals are kept as their exact text', async () => {
    expect(
      await ndjson('{"registeredCapital":123456789012345678901,"n":1,"amount":1234567890123456.78}\n'),
    ).toEqual([
      { row: 1, value: { registeredCapital: '123456789012345678901', n: 1, amount: '1234567890123456.78' } },
    ]);
  });

  it('NDJSON: the exact text only where a number belongs; elsewhere the number stays, for the validator to refuse', async () => {
    expect(
      await ndjson(
        '{"name":1.5,"sourceRecordId":12345678901234567890,"payload":{"amount":1.50,"summary":2.5}}\n',
      ),
    ).toEqual([
      {
        row: 1,
        value: { name: 1.5, sourceRecordId: 12345678901234567000, payload: { amount: '1.50', summary: 2.5 } },
      },
    ]);
  });

  it('NDJSON: a JSON.parse message quoting control characters is written out', async () => {
    const [row] = await ndjson('{"a":\u0001}\n');
    expect(row).toMatchObject({ row: 1 });
    // eslint-disable-next-line no-control-regex -- looking for the control characters themselves
    expect('error' in row && row.error).not.toMatch(/[\u0000-\u0008]/);
  });

  it('JSON array: the same checks per element', () => {
    expect(
      parseJsonArray(
        '[{"a":"x"},{"b":"\\u0000"},{"registeredCapital":12345678901234567890},{"d":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]',
      ),
    ).toEqual([
      { row: 1, value: { a: 'x' } },
      { row: 2, path: 'b', error: 'must not contain NUL (U+0000)' },
      { row: 3, value: { registeredCapital: '12345678901234567890' } },
      {
        row: 4,
        path: expect.stringMatching(/^d(\.0)+$/),
        error: `is nested deeper than ${MAX_JSON_DEPTH} levels`,
      },
    ]);
  });

  it('CSV: a cell with a NUL is an error row naming its column', async () => {
    const rows = await collect(
      parseCsv(chunked(Buffer.from('uscc,payload.summary\nA,x\u0000y\nB,fine\n'), [5])),
    );
    expect(rows).toEqual([
      { row: 1, path: 'payload.summary', error: 'must not contain NUL (U+0000)' },
      { row: 2, value: { uscc: 'B', payload: { summary: 'fine' } } },
    ]);
  });

  it('CSV: a bad header is a DomainError (400), also from the probe that reads it before an import is stored', async () => {
    for (const [csv, reason] of [
      ['uscc,name,uscc\n1,2,3\n', 'duplicate column "uscc"'],
      ['uscc,,name\n1,2,3\n', 'empty column name in column 2'],
      ['uscc,na\u0000me\n1,2\n', 'NUL (U+0000) in the name of column 2'],
    ]) {
      const error = await collect(parseCsv(chunked(Buffer.from(csv), [3]))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        code: ErrorCode.ValidationFailed,
        message: `invalid CSV header: ${reason}`,
        details: [{ path: 'header', message: reason }],
      });
      const probe = new CsvHeaderProbe();
      const bytes = Buffer.from(csv);
      // The header is refused as soon as it is complete, before the rest arrives.
      await expect(
        (async () => {
          await probe.push(bytes.subarray(0, csv.indexOf('\n') + 1));
        })(),
      ).rejects.toThrow(`invalid CSV header: ${reason}`);
    }
    const good = new CsvHeaderProbe();
    await good.push(Buffer.from('uscc,na'));
    await good.push(Buffer.from('me\n1,'));
    await good.push(Buffer.from('2\n'));
    await expect(good.end()).resolves.toBeUndefined();
  });
});
