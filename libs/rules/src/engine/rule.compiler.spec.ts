import type { Facts, FiredRule, RuleEvaluator } from './fired-rule';
import { createReferenceEvaluator } from './reference.engine';
import { compileRules } from './rule.compiler';

type Outcome = { fired: FiredRule[] } | { threw: true };

async function outcomeOf(evaluator: RuleEvaluator, facts: Facts): Promise<Outcome> {
  try {
    return { fired: await evaluator.evaluate(facts) };
  } catch {
    return { threw: true };
  }
}

/** Compiles (expecting no fallback) and checks every fact set against json-rules-engine. */
async function expectSameAsReference(rules: unknown[], factSets: Facts[]): Promise<RuleEvaluator> {
  const { evaluator, unsupported } = compileRules(rules);
  expect(unsupported).toEqual([]);
  expect(evaluator.kind).toBe('compiled');
  const reference = createReferenceEvaluator(rules);
  for (const facts of factSets) {
    expect({ facts, outcome: await outcomeOf(evaluator, facts) }).toEqual({
      facts,
      outcome: await outcomeOf(reference, facts),
    });
  }
  return evaluator;
}

const cond = (fact: string, operator: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  fact,
  operator,
  value,
  ...extra,
});
const rule = (name: unknown, conditions: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  conditions,
  event: { type: String(name) },
  ...extra,
});

describe('compileRules', () => {
  it('compiles nested all/any/not, paths, fact-to-fact comparisons and decorators', async () => {
    const rules = [
      rule(
        'nested',
        {
          all: [
            cond('a', 'greaterThan', 1),
            { any: [cond('b', 'in', ['x', 'y']), { not: cond('c', 'equal', true) }] },
            cond('o', 'lessThan', { fact: 'a' }, { path: '$.n[0]' }),
          ],
        },
        { priority: 3 },
      ),
      rule('decorated', {
        any: [cond('tags', 'someFact:in', ['vip', 'gov']), cond('a', 'not:in', [1, 2, 3])],
      }),
      rule('fact-path-to-fact-path', {
        all: [cond('o', 'equal', { fact: 'p', path: '$.m' }, { path: '$.m' })],
      }),
    ];
    await expectSameAsReference(rules, [
      { a: 2, b: 'x', c: false, o: { n: [1] }, tags: ['vip'] },
      { a: 2, b: 'z', c: true, o: { n: [5] }, tags: [] },
      { a: '3', b: 'y', o: { n: ['0'], m: null }, p: { m: null } },
      { a: 1, o: 7, p: 7, tags: 'vip' },
      {},
    ]);
  });

  it('reports what it cannot compile, naming the rule, and falls back to json-rules-engine', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ condition: 'shared' }, /condition reference "shared"/],
      [{ all: [cond('a', 'isEven', true)] }, /unknown operator "isEven"/],
      [{ all: [cond('a', 'bogus:equal', true)] }, /unknown operator "bogus:equal"/],
      [{ all: [cond('a', 'equal', 1, { params: { x: 1 } })] }, /fact params/],
      [{ all: [cond('a', 'equal', { fact: 'b', params: {} })] }, /value fact params/],
      [{ all: [cond('a', 'equal', 1, { path: '$..x' })] }, /path "\$\.\.x"/],
      [{ all: [cond('a', 'equal', 1, { path: 'x.y' })] }, /path "x\.y"/],
      [{ all: [cond('a', 'equal', { fact: 'b', path: '$.a[*]' })] }, /path "\$\.a\[\*\]"/],
      [{ all: [cond('a', 'equal', 1, { priority: '2' })] }, /condition priority "2"/],
      [{ all: [{ fact: 5, operator: 'equal', value: 1 }] }, /fact name 5/],
      [{ any: [{ all: [{ condition: 'deep' }] }] }, /conditions\.any\[0\]\.all\[0\]: condition reference/],
    ];
    for (const [conditions, reason] of cases) {
      const rules = [rule('fine', { all: [cond('a', 'equal', 1)] }), rule('odd one', conditions)];
      const { evaluator, unsupported } = compileRules(rules);
      expect(evaluator.kind).toBe('reference');
      expect(unsupported).toHaveLength(1);
      expect(unsupported[0]).toMatch(/^rule "odd one" \(#1\): /);
      expect(unsupported[0]).toMatch(reason);
    }
    const noConditions = compileRules([{ name: 'empty', conditions: null, event: { type: 'e' } }]);
    expect(noConditions.unsupported).toEqual(['rule "empty" (#0): no conditions']);
    // The fallback still answers like json-rules-engine (here: condition references are undefined).
    const fallback = compileRules([rule('ref', { condition: 'shared' })]).evaluator;
    await expect(fallback.evaluate({})).rejects.toThrow(/No condition shared exists/);
  });

  it('throws where json-rules-engine rejects the rule set', () => {
    expect(() => compileRules([{ name: 'r', conditions: { all: [] } }])).toThrow(/event/);
    expect(() => compileRules([rule('r', { all: [] }, { priority: -1 })])).toThrow(/Priority/);
    expect(() => compileRules([rule('r', { all: [{ fact: 'a', operator: 'equal' }] })])).toThrow(/"value"/);
    expect(() => compileRules([rule('r', { not: [] })])).toThrow(/cannot be an array/);
  });

  it('orders rules of equal priority by how long json-rules-engine takes for them', async () => {
    const rules = [
      rule('two-groups', {
        all: [cond('x', 'greaterThan', 0, { priority: 2 }), cond('x', 'greaterThan', 0)],
      }),
      rule('one', { all: [cond('x', 'greaterThan', 0)] }),
      rule('short-circuit', { any: [cond('x', 'greaterThan', 5, { priority: 2 }), cond('y', 'equal', 1)] }),
      rule('nested', {
        all: [{ all: [cond('x', 'greaterThan', 0), cond('y', 'equal', 1)] }, cond('y', 'equal', 1)],
      }),
      rule('not', { not: cond('x', 'equal', 0) }),
      rule('path', { all: [cond('o', 'equal', 1, { path: '$.a' })] }),
      rule('empty', { any: [] }),
      rule('higher', { all: [] }, { priority: 2 }),
    ];
    await expectSameAsReference(rules, [
      { x: 1, y: 1, o: { a: 1 } },
      { x: 9, y: 1, o: { a: 1 } },
      { x: 9, y: 0, o: 1 },
      { x: 0, y: 1 },
    ]);
  });

  it('throws exactly when json-rules-engine rejects', async () => {
    const bad = cond('x', 'in', 5); // indexOf of a number: TypeError
    const rules = (conditions: unknown) => [rule('r', conditions)];
    const facts = [{ x: 1, y: 1 }, { x: 1, y: 2 }, {}];
    // Same priority group: evaluated even when a sibling already failed.
    await expectSameAsReference(rules({ all: [cond('y', 'equal', 2), bad] }), facts);
    await expectSameAsReference(rules({ any: [cond('y', 'equal', 1), bad] }), facts);
    // A later priority group: skipped once an earlier one decides.
    await expectSameAsReference(rules({ all: [cond('y', 'equal', 2, { priority: 2 }), bad] }), facts);
    await expectSameAsReference(rules({ any: [cond('y', 'equal', 1, { priority: 2 }), bad] }), facts);
    // Throwing depends on the facts for fact-to-fact and someValue comparisons.
    await expectSameAsReference(rules({ all: [cond('x', 'in', { fact: 'list' })] }), [
      { x: 1, list: [1] },
      { x: 1, list: 'a1' },
      { x: 1 },
    ]);
    await expectSameAsReference(rules({ all: [cond('x', 'someValue:equal', 'ab')] }), [{ x: 'a' }]);
  });

  it('reads facts as run() registers them', async () => {
    const rules = [
      rule('constructor', { all: [cond('constructor', 'equal', undefined)] }),
      rule('toString', { all: [cond('toString', 'notEqual', 1)] }),
      rule('proto', { all: [cond('__proto__', 'equal', 1)] }),
      rule('inherited-path', { all: [cond('hasOwnProperty', 'equal', 2, { path: '$.a' })] }),
    ];
    await expectSameAsReference(rules, [
      {},
      { constructor: 5, toString: 1 },
      JSON.parse('{"__proto__": 1, "hasOwnProperty": {"a": 2}}') as Facts,
    ]);
    const { evaluator } = compileRules(rules);
    expect(() => evaluator.evaluate({ '': 1 })).toThrow('factId required');
    await expect(createReferenceEvaluator(rules).evaluate({ '': 1 })).rejects.toThrow('factId required');
  });

  it('takes names, priorities, events and boolean keys as json-rules-engine does', async () => {
    const all = { all: [cond('x', 'equal', 1)] };
    const rules = [
      { name: 0, priority: '3', conditions: all, event: { type: 'zero', params: { p: [1, { q: 2 }] } } },
      { priority: 0, conditions: all, event: null },
      { name: '', conditions: all, event: { type: 'no-params', params: 0 } },
      // An own `any` wins over `all`, which wins over `not`; the others are ignored.
      {
        name: 'any-wins',
        conditions: { any: [cond('x', 'equal', 1)], all: [cond('x', 'equal', 2)] },
        event: { type: 'a' },
      },
      { name: 'all-wins', conditions: { not: cond('x', 'equal', 1), all: [] }, event: { type: 'b' } },
      { name: 'empty-any', conditions: { any: [] }, event: { type: 'c' } },
    ];
    const evaluator = await expectSameAsReference(rules, [{ x: 1 }, { x: 2 }]);
    expect(evaluator.evaluate({ x: 1 })).toEqual([
      { name: '0', priority: 3, event: { type: 'zero', params: { p: [1, { q: 2 }] } } },
      // Empty lists settle at once, ahead of the rules that evaluate a condition.
      { name: 'all-wins', priority: 1, event: { type: 'b' } },
      { name: 'empty-any', priority: 1, event: { type: 'c' } },
      { name: '', priority: 1, event: { type: 'unknown' } },
      { name: '', priority: 1, event: { type: 'no-params' } },
      { name: 'any-wins', priority: 1, event: { type: 'a' } },
    ]);
  });

  it('neither modifies the rules nor lets callers modify its results', () => {
    const rules = [rule('r', { all: [cond('x', 'in', [1, 2], { priority: 2 }), cond('x', 'equal', 1)] })];
    const before = structuredClone(rules);
    const { evaluator } = compileRules(rules);
    expect(rules).toEqual(before);
    const [fired] = evaluator.evaluate({ x: 1 }) as FiredRule[];
    expect(Object.isFrozen(fired)).toBe(true);
    expect(Object.isFrozen(fired.event)).toBe(true);
  });
});
