import { formatPath, pointerSegments } from './problem-path.util';

describe('formatPath', () => {
  it('writes indexes in brackets and identifiers with dots', () => {
    expect(formatPath(['rules', 3, 'conditions', 'all', 1, 'fact'])).toBe('rules[3].conditions.all[1].fact');
  });

  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['facts', 'x', 'count', 'where', 'payload.removedOn'])).toBe(
      'facts.x.count.where["payload.removedOn"]',
    );
    expect(formatPath(['facts', '1'])).toBe('facts["1"]');
    expect(formatPath([])).toBe('');
  });
});

describe('pointerSegments', () => {
  it('tells array indexes from numeric-looking object keys by walking the document', () => {
    const doc = { rules: [{ a: 1 }, { a: 2 }], facts: { '0': {} } };
    expect(pointerSegments('/rules/1/a', doc)).toEqual(['rules', 1, 'a']);
    expect(pointerSegments('/facts/0', doc)).toEqual(['facts', '0']);
  });

  it('unescapes ~1 and ~0', () => {
    expect(pointerSegments('/a~1b/c~0d', {})).toEqual(['a/b', 'c~d']);
  });
});
