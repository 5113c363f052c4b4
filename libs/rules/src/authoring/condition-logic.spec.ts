import fc from 'fast-check';
import { compileRules } from '../engine/rule.compiler';
import { conjunctionContradiction, implies, normalise, type Conjunction } from './condition-logic';

/**
 * The analysis behind the static checks must be sound: a condition it calls contradictory never
 * holds, and "X implies Y" never meets facts where X holds and Y does not. Checked with the compiled
 * evaluator (json-rules-engine's meaning) over every combination of a small fact space.
 */

type Json = Record<string, unknown>;

const TYPES = new Map([
  ['x', 'number'],
  ['y', 'boolean'],
  ['s', 'string'],
  ['tags', 'string[]'],
]);
const X_VALUES = [-1, 0, 1, 2, 2.5, 3, 4, 5, 6];
const S_VALUES = ['a', 'b', 'c'];
const TAG_SETS = [[], ['a'], ['b'], ['a', 'b']];
const SPACE: Json[] = X_VALUES.flatMap((x) =>
  [true, false].flatMap((y) => S_VALUES.flatMap((s) => TAG_SETS.map((tags) => ({ x, y, s, tags })))),
);

const numeric = fc.record({
  fact: fc.constant('x'),
  operator: fc.constantFrom(
    'equal',
    'notEqual',
    'lessThan',
    'lessThanInclusive',
    'greaterThan',
    'greaterThanInclusive',
    'not:lessThan',
    'not:greaterThanInclusive',
    'not:equal',
  ),
  value: fc.constantFrom(...X_VALUES),
});
const numericIn = fc.record({
  fact: fc.constant('x'),
  operator: fc.constantFrom('in', 'notIn', 'not:in'),
  value: fc.subarray(X_VALUES),
});
const bool = fc.record({
  fact: fc.constant('y'),
  operator: fc.constantFrom('equal', 'notEqual'),
  value: fc.boolean(),
});
const text = fc
  .record({
    fact: fc.constant('s'),
    operator: fc.constantFrom('equal', 'notEqual', 'in', 'notIn'),
    value: fc.constantFrom(...S_VALUES),
  })
  .map((c) => (c.operator.endsWith('n') || c.operator.endsWith('In') ? { ...c, value: [c.value] } : c));
const list = fc.record({
  fact: fc.constant('tags'),
  operator: fc.constantFrom('contains', 'doesNotContain'),
  value: fc.constantFrom(...S_VALUES),
});
const factToFact = fc.constant({ fact: 'x', operator: 'greaterThan', value: { fact: 'x' } });
const leaf = fc.oneof(numeric, numeric, numericIn, bool, text, list, factToFact);

const tree: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('node'), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node;
const root = fc.oneof(
  fc.record({ all: fc.array(tree, { minLength: 1, maxLength: 5 }) }),
  fc.record({ any: fc.array(tree, { maxLength: 3 }) }),
);

function holdsOn(conditions: Json): (facts: Json) => boolean {
  const { evaluator } = compileRules([{ name: 'r', conditions, event: { type: 't' } }]);
  return (facts) => (evaluator.evaluate(facts) as unknown[]).length > 0;
}

const never = (form: Conjunction[]): boolean =>
  form.every((term) => conjunctionContradiction(term, TYPES) !== undefined);

describe('condition logic (static checks)', () => {
  it('calls a condition contradictory only when no facts make it hold', () => {
    let found = 0;
    fc.assert(
      fc.property(root, (conditions) => {
        const form = normalise(conditions);
        if (!form || !never(form)) return;
        found++;
        const holds = holdsOn(conditions);
        for (const facts of SPACE) expect(holds(facts)).toBe(false);
      }),
      { numRuns: 400 },
    );
    expect(found).toBeGreaterThan(10);
  });

  it('says X implies Y only when X never holds without Y', () => {
    let found = 0;
    fc.assert(
      fc.property(root, root, (a, b) => {
        const x = normalise(a);
        const y = normalise(b);
        if (!x || !y || !implies(x, y, TYPES)) return;
        found++;
        const [holdsA, holdsB] = [holdsOn(a), holdsOn(b)];
        for (const facts of SPACE) if (holdsA(facts)) expect(holdsB(facts)).toBe(true);
      }),
      { numRuns: 400 },
    );
    expect(found).toBeGreaterThan(10);
  });

  it('sees that a stricter threshold implies a looser one and an extra condition narrows', () => {
    const c = (fact: string, operator: string, value: unknown): Json => ({ fact, operator, value });
    const form = (conditions: Json): Conjunction[] => normalise(conditions)!;
    const strict = form({ all: [c('x', 'greaterThanInclusive', 3), c('y', 'equal', true)] });
    const loose = form({ all: [c('x', 'greaterThan', 1)] });
    expect(implies(strict, loose, TYPES)).toBe(true);
    expect(implies(loose, strict, TYPES)).toBe(false);
    const negated = { not: c('s', 'equal', 'a') };
    expect(implies(form({ all: [negated, c('x', 'equal', 2)] }), form({ all: [negated] }), TYPES)).toBe(true);
    expect(implies(form({ all: [c('x', 'equal', 2)] }), form({ all: [negated] }), TYPES)).toBe(false);
  });
});
