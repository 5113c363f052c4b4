import { copyField, copyLine, textArrayLiteral } from './copy-text';

describe('COPY text encoding', () => {
  it('writes NULL as \\N and escapes separators', () => {
    expect(copyLine(['a', null, 'tab\there', 'line\nbreak', 'back\\slash', 3, true])).toBe(
      'a\t\\N\ttab\\there\tline\\nbreak\tback\\\\slash\t3\ttrue\n',
    );
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('汉字')).toBe('汉字');
  });

  it('quotes array elements', () => {
    expect(textArrayLiteral(['food', 'a "b"', 'c,d'])).toBe('{"food","a \\"b\\"","c,d"}');
    expect(textArrayLiteral([])).toBe('{}');
  });
});
