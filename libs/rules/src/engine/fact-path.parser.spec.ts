import { JSONPath } from 'jsonpath-plus';
import { parseFactPath, resolveFactPath } from './fact-path.parser';

// What json-rules-engine's default path resolver does (almanac.js).
const jsonPathPlus = (json: object, path: string): unknown => JSONPath({ path, json, wrap: false });

describe('fact paths', () => {
  it('parses the simple dotted and indexed forms', () => {
    expect(parseFactPath('$')).toEqual([]);
    expect(parseFactPath('$.a')).toEqual(['a']);
    expect(parseFactPath('$.a.b_2[0].c')).toEqual(['a', 'b_2', '0', 'c']);
    expect(parseFactPath('$[01][2]')).toEqual(['01', '2']);
  });

  it.each([
    'a.b',
    '$.',
    '$..a',
    '$.*',
    '$.a[*]',
    "$['a']",
    '$.a[-1]',
    '$.a[0:2]',
    '$.a[?(@.b)]',
    '$.a,b',
    '$.a-b',
    '$.^',
    '$.~',
  ])('leaves %s to json-rules-engine', (path) => {
    expect(parseFactPath(path)).toBeUndefined();
  });

  const VALUES: object[] = [
    { a: { b: [{ c: 1 }, { c: null }] } },
    { a: { b: 'str' } },
    { a: [10, 20, 30], length: 7 },
    { a: { b: undefined } },
    { a: { b: 0 } },
    { a: null },
    { a: 'xyz' },
    [[1, 2], { a: 3 }],
    [],
    Object.assign(Object.create({ inherited: 1 }) as object, { own: { inherited: 2 } }),
    JSON.parse('{"__proto__": {"a": 1}, "constructor": 5}') as object,
  ];
  const PATHS = [
    '$',
    '$.a',
    '$.a.b',
    '$.a.b[0]',
    '$.a.b[0].c',
    '$.a.b[1].c',
    '$.a.b.length',
    '$.a[0]',
    '$.a[01]',
    '$.a[2]',
    '$.a[3]',
    '$.a.length',
    '$.length',
    '$[0]',
    '$[0][1]',
    '$[1].a',
    '$.inherited',
    '$.own.inherited',
    '$.__proto__',
    '$.__proto__.a',
    '$.constructor',
    '$.toString',
    '$.a.b.c.d',
  ];

  it('resolves every path like jsonpath-plus (the very same value, Object.is)', () => {
    const mismatches: string[] = [];
    for (const value of VALUES) {
      for (const path of PATHS) {
        const parsed = parseFactPath(path);
        if (!parsed) throw new Error(`unparsed ${path}`);
        const ours = resolveFactPath(value, parsed);
        const theirs = jsonPathPlus(value, path);
        if (!Object.is(ours, theirs))
          mismatches.push(`${JSON.stringify(value)} ${path}: ${String(ours)} vs ${String(theirs)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
