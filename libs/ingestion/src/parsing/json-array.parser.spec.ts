import { parseJsonArray } from './json-array.parser';

describe('parseJsonArray', () => {
  it('numbers the elements and rejects those that are not objects', () => {
    expect(parseJsonArray('[{"uscc":"a"}, [1], 2, null, "x", {"b":{"c":true}}]')).toEqual([
      { row: 1, value: { uscc: 'a' } },
      { row: 2, error: 'must be a JSON object' },
      { row: 3, error: 'must be a JSON object' },
      { row: 4, error: 'must be a JSON object' },
      { row: 5, error: 'must be a JSON object' },
      { row: 6, value: { b: { c: true } } },
    ]);
    expect(parseJsonArray(' [] ')).toEqual([]);
  });

  it('refuses a body that is not an array', () => {
    expect(() => parseJsonArray('{"uscc":"a"}')).toThrow(new Error('body must be a JSON array'));
    expect(() => parseJsonArray('null')).toThrow(new Error('body must be a JSON array'));
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseJsonArray('[{"a":1},')).toThrow(/^invalid JSON: /);
    expect(() => parseJsonArray('')).toThrow(/^invalid JSON: /);
  });
});
