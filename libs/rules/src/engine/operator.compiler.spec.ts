import { compileOperator, passesNumberValidator } from './operator.compiler';
import { createReferenceEvaluator } from './reference.engine';
import { compileRules } from './rule.compiler';
import type { Facts, FiredRule, RuleEvaluator } from './fired-rule';

type Outcome = { fired: FiredRule[] } | { threw: true };

async function outcomeOf(evaluator: RuleEvaluator, facts: Facts): Promise<Outcome> {
  try {
    return { fired: await evaluator.evaluate(facts) };
  } catch {
    return { threw: true };
  }
}

/** One rule with one condition, compiled and run by json-rules-engine; both outcomes. */
async function bothOutcomes(condition: Record<string, unknown>, facts: Facts): Promise<[Outcome, Outcome]> {
  const rules = [{ name: 'r', conditions: { all: [condition] }, event: { type: 'hit' } }];
  const { evaluator, unsupported } = compileRules(rules);
  expect(unsupported).toEqual([]);
  expect(evaluator.kind).toBe('compiled');
  return [await outcomeOf(evaluator, facts), await outcomeOf(createReferenceEvaluator(rules), facts)];
}

const BASE_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
];

/** Fact values; `undefined` stands for a missing fact. */
const FACT_VALUES: unknown[] = [
  5,
  0,
  -1,
  5.5,
  '5',
  '5abc',
  'abc',
  '',
  'b',
  null,
  undefined,
  Number.NaN,
  Infinity,
  true,
  false,
  [5],
  [1, 5],
  ['5', null],
  [],
  { a: 1 },
];

const RULE_VALUES: unknown[] = [
  5,
  '5',
  0,
  3,
  null,
  'abc',
  'xbz',
  true,
  Number.NaN,
  [5, '5', null],
  ['a', 'b'],
  [],
  { a: 1 },
];

function factsWith(name: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [name]: value };
}

describe('operators against json-rules-engine', () => {
  it.each(BASE_OPERATORS)('%s: every fact value x condition value, fact read directly', async (operator) => {
    for (const factValue of FACT_VALUES) {
      for (const value of RULE_VALUES) {
        const [compiled, reference] = await bothOutcomes(
          { fact: 'x', operator, value },
          factsWith('x', factValue),
        );
        expect({ factValue, value, outcome: compiled }).toEqual({ factValue, value, outcome: reference });
      }
    }
  });

  it.each(BASE_OPERATORS)(
    '%s: through a path and against another fact (the generic path)',
    async (operator) => {
      for (const factValue of FACT_VALUES) {
        for (const value of RULE_VALUES) {
          const facts = { o: factValue === undefined ? {} : { v: factValue }, other: value };
          const viaPath = await bothOutcomes({ fact: 'o', path: '$.v', operator, value }, facts);
          expect({ factValue, value, outcome: viaPath[0] }).toEqual({
            factValue,
            value,
            outcome: viaPath[1],
          });
          const factToFact = await bothOutcomes(
            { fact: 'o', path: '$.v', operator, value: { fact: 'other' } },
            facts,
          );
          expect({ factValue, value, outcome: factToFact[0] }).toEqual({
            factValue,
            value,
            outcome: factToFact[1],
          });
        }
      }
    },
  );

  const DECORATED = [
    'not:equal',
    'not:in',
    'not:greaterThan',
    'swap:in',
    'swap:contains',
    'swap:lessThan',
    'someFact:equal',
    'someFact:greaterThan',
    'everyFact:lessThanInclusive',
    'everyFact:in',
    'someValue:equal',
    'someValue:lessThan',
    'everyValue:notEqual',
    'not:someFact:in',
    'someFact:someValue:equal',
    'everyFact:swap:contains',
  ];
  it.each(DECORATED)('%s: decorators compose as in OperatorMap.get()', async (operator) => {
    for (const factValue of FACT_VALUES) {
      for (const value of RULE_VALUES) {
        const [compiled, reference] = await bothOutcomes(
          { fact: 'x', operator, value },
          factsWith('x', factValue),
        );
        expect({ factValue, value, outcome: compiled }).toEqual({ factValue, value, outcome: reference });
      }
    }
  });

  it('documents the semantics found in engine-default-operators.js', () => {
    const op = (name: string) => {
      const operator = compileOperator(name);
      if (!operator) throw new Error(`no operator ${name}`);
      return operator.evaluate;
    };
    // Strict equality: no coercion, NaN never equal.
    expect(op('equal')(5, '5')).toBe(false);
    expect(op('equal')(Number.NaN, Number.NaN)).toBe(false);
    // Numeric operators validate the fact side only, then use JS coercion.
    expect(op('greaterThan')('5', 3)).toBe(true);
    expect(op('greaterThan')('5abc', 3)).toBe(false); // passes parseFloat, compares as NaN
    expect(op('greaterThan')(null, -1)).toBe(false); // null would coerce to 0 but fails the validator
    expect(op('lessThan')(undefined, 1)).toBe(false);
    expect(op('greaterThan')(true, 0)).toBe(false);
    expect(op('greaterThan')([7], 5)).toBe(true); // parseFloat('7') passes, [7] > 5 coerces to 7
    expect(op('greaterThan')(5, null)).toBe(true); // the condition value is not validated: 5 > 0
    // in / notIn search a string as a substring and throw on anything without indexOf.
    expect(op('in')('b', 'abc')).toBe(true);
    expect(op('in')(5, 'a5')).toBe(true);
    expect(() => op('in')(5, null)).toThrow(TypeError);
    expect(() => op('notIn')(5, 5)).toThrow(TypeError);
    // contains needs an array fact; doesNotContain on a non-array is false as well.
    expect(op('contains')('abc', 'b')).toBe(false);
    expect(op('doesNotContain')('abc', 'z')).toBe(false);
    expect(passesNumberValidator(Infinity)).toBe(true);
    expect(passesNumberValidator('')).toBe(false);
    expect(passesNumberValidator('  7px')).toBe(true);
  });

  it('knows which operands can make an operator throw', () => {
    const known = (value: unknown) => ({ known: true as const, value });
    const unknown = { known: false as const };
    const mayThrow = (name: string, json: ReturnType<typeof known> | typeof unknown) =>
      compileOperator(name)?.mayThrow(unknown, json);
    expect(mayThrow('in', known(['a']))).toBe(false);
    expect(mayThrow('in', known('abc'))).toBe(false);
    expect(mayThrow('in', known(5))).toBe(true);
    expect(mayThrow('in', unknown)).toBe(true);
    expect(mayThrow('swap:in', known(['a']))).toBe(true);
    expect(mayThrow('someValue:equal', known([1, 2]))).toBe(false);
    expect(mayThrow('someValue:equal', known('ab'))).toBe(true);
    expect(mayThrow('someValue:in', known([[1], 'x']))).toBe(false);
    expect(mayThrow('someValue:in', known([[1], 2]))).toBe(true);
    expect(mayThrow('greaterThan', unknown)).toBe(false);
    expect(compileOperator('custom')).toBeUndefined();
    expect(compileOperator('maybe:equal')).toBeUndefined();
    expect(compileOperator(':equal')).toBeUndefined();
  });
});
