import fc from 'fast-check';
import type { Facts, FiredRule, RuleEvaluator } from './fired-rule';
import { createReferenceEvaluator } from './reference.engine';
import { compileRules } from './rule.compiler';

/**
 * Differential tests: the compiled evaluator against json-rules-engine, on random rule sets and on a
 * realistic tiering rule set. Equal means the same fired rules (names, priorities, events) in the
 * same order, or both failing.
 */

type Outcome = { fired: FiredRule[] } | { threw: true };

async function outcomeOf(evaluator: RuleEvaluator, facts: Facts): Promise<Outcome> {
  try {
    return { fired: await evaluator.evaluate(facts) };
  } catch {
    return { threw: true };
  }
}

/** Drops keys whose value is undefined, so optional parts are absent rather than undefined. */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

const optional = <T>(arbitrary: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined, freq });

// ---------------------------------------------------------------------------------------------
// (a) random rule sets x random facts

const FACT_NAMES = ['a', 'b', 'c', 'obj', 'list'];
/** Shared by fact values and condition values so that comparisons often meet. */
const POOL: unknown[] = [
  0,
  1,
  2,
  5,
  -1,
  2.5,
  '5',
  '2',
  'x',
  'ab',
  '',
  null,
  true,
  false,
  Number.NaN,
  Infinity,
];
const PATHS = ['$.p', '$.q[0]', '$.r.s', '$[0]', '$', '$.length', '$.q.length'];
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
const DECORATORS = ['not', 'swap', 'someFact', 'everyFact', 'someValue', 'everyValue'];
/** Operators whose condition value is searched or iterated: mostly given lists, else they throw. */
const WANTS_LIST = /(^|:)(in|notIn|someValue|everyValue)(:|$)/;
const MISSING = Symbol('missing');

const scalar = fc.constantFrom(...POOL);
const list = fc.array(scalar, { maxLength: 3 });
const objectFact = fc
  .record({ p: optional(scalar, 5), q: optional(list, 5), r: optional(fc.record({ s: scalar }), 5) })
  .map(compact);
const factValue = fc.oneof(
  { weight: 12, arbitrary: scalar },
  { weight: 4, arbitrary: list },
  { weight: 4, arbitrary: objectFact },
  { weight: 1, arbitrary: fc.constant(undefined) }, // present but undefined: differs from missing in timing
  { weight: 3, arbitrary: fc.constant(MISSING) },
);
const randomFacts: fc.Arbitrary<Facts> = fc
  .tuple(...FACT_NAMES.map(() => factValue))
  .map((values) =>
    Object.fromEntries(FACT_NAMES.flatMap((name, i) => (values[i] === MISSING ? [] : [[name, values[i]]]))),
  );

const operator = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...BASE_OPERATORS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(fc.constantFrom(...DECORATORS), { minLength: 1, maxLength: 2 }),
        fc.constantFrom(...BASE_OPERATORS),
      )
      .map(([decorators, base]) => [...decorators, base].join(':')),
  },
);
const factReference = fc
  .record({ fact: fc.constantFrom(...FACT_NAMES), path: optional(fc.constantFrom(...PATHS), 2) })
  .map(compact);
const literal = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 3, arbitrary: list },
  { weight: 1, arbitrary: fc.constantFrom('x5ab', 'abc', 'truefalse') },
);
const conditionValue = (operatorName: string): fc.Arbitrary<unknown> =>
  WANTS_LIST.test(operatorName)
    ? fc.oneof(
        { weight: 40, arbitrary: list },
        { weight: 1, arbitrary: literal },
        { weight: 1, arbitrary: factReference },
      )
    : fc.oneof({ weight: 8, arbitrary: literal }, { weight: 2, arbitrary: factReference });
const conditionPriority = optional(fc.constantFrom(0, 1, 2, 3), 3);

const factCondition: fc.Arbitrary<unknown> = operator.chain((operatorName) =>
  fc
    .record({
      fact: fc.constantFrom(...FACT_NAMES),
      operator: fc.constant(operatorName),
      value: conditionValue(operatorName),
      path: optional(fc.constantFrom(...PATHS), 3),
      priority: conditionPriority,
    })
    .map(compact),
);

function listNode(kind: 'all' | 'any', child: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .record({ [kind]: fc.array(child, { maxLength: 4 }), priority: conditionPriority })
    .map((node) => compact(node as Record<string, unknown>));
}

function notNode(child: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.record({ not: child, priority: conditionPriority }).map(compact);
}

function conditionTree(depth: number): fc.Arbitrary<unknown> {
  if (depth === 0) return factCondition;
  const child = conditionTree(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: factCondition },
    { weight: 2, arbitrary: listNode('all', child) },
    { weight: 2, arbitrary: listNode('any', child) },
    { weight: 1, arbitrary: notNode(child) },
  );
}

// The rule's own all/any/not is the first level, so trees are at most 3 deep.
const rootCondition = fc.oneof(
  listNode('all', conditionTree(2)),
  listNode('any', conditionTree(2)),
  notNode(conditionTree(2)),
);

const randomRules: fc.Arbitrary<unknown[]> = fc
  .array(fc.record({ priority: optional(fc.constantFrom(1, 2, 3), 2), conditions: rootCondition }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((rules) =>
    rules.map((r, i) => compact({ name: `r${i}`, ...r, event: { type: `t${i}`, params: { rule: i } } })),
  );

/** Fired rules in the order a naive engine would give: priority, then order of addition. */
function naiveOrder(fired: FiredRule[]): string[] {
  const index = (f: FiredRule) => Number(f.name.slice(1));
  return [...fired].sort((x, y) => y.priority - x.priority || index(x) - index(y)).map((f) => f.name);
}

describe('compiled rules against json-rules-engine', () => {
  it('agree on random rule sets and facts (2,000 rule sets, 1-3 fact sets each)', async () => {
    const seen = { comparisons: 0, fired: 0, threw: 0, reordered: 0 };
    await fc.assert(
      fc.asyncProperty(
        randomRules,
        fc.array(randomFacts, { minLength: 1, maxLength: 3 }),
        async (rules, factSets) => {
          const { evaluator, unsupported } = compileRules(rules);
          expect(unsupported).toEqual([]);
          expect(evaluator.kind).toBe('compiled');
          const reference = createReferenceEvaluator(rules);
          for (const facts of factSets) {
            const expected = await outcomeOf(reference, facts);
            expect(await outcomeOf(evaluator, facts)).toEqual(expected);
            seen.comparisons++;
            if ('threw' in expected) seen.threw++;
            else if (expected.fired.length > 0) {
              seen.fired++;
              const names = expected.fired.map((f) => f.name);
              if (naiveOrder(expected.fired).join() !== names.join()) seen.reordered++;
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The generators must keep reaching the interesting cases: fired rules, failures, and ties
    // that json-rules-engine does not emit in order of addition.
    expect(seen.fired).toBeGreaterThan(seen.comparisons / 3);
    expect(seen.threw).toBeGreaterThan(50);
    expect(seen.reordered).toBeGreaterThan(50);
  });

  // -------------------------------------------------------------------------------------------
  // (b) a realistic tiering rule set x 5,000 fact sets

  const TIERING_RULES: unknown[] = JSON.parse(`[
    { "name": "serious-dishonesty-list", "priority": 100,
      "conditions": { "all": [{ "fact": "on_serious_dishonesty_list", "operator": "equal", "value": true }] },
      "event": { "type": "tier-floor", "params": { "tier": "D", "reason": "on the serious dishonesty list" } } },
    { "name": "abnormal-list", "priority": 90,
      "conditions": { "all": [{ "fact": "on_abnormal_list", "operator": "equal", "value": true }] },
      "event": { "type": "tier-floor", "params": { "tier": "C", "reason": "on the abnormal operations list" } } },
    { "name": "annual-report-missing-and-abnormal", "priority": 90,
      "conditions": { "all": [
        { "fact": "annual_report_missing_last_year", "operator": "equal", "value": true },
        { "fact": "on_abnormal_list", "operator": "equal", "value": true } ] },
      "event": { "type": "tier-floor", "params": { "tier": "D", "reason": "abnormal and no annual report" } } },
    { "name": "serious-penalties-repeat", "priority": 80,
      "conditions": { "all": [{ "fact": "serious_penalties_3y", "operator": "greaterThanInclusive", "value": 3 }] },
      "event": { "type": "tier-floor", "params": { "tier": "D", "reason": "three or more serious penalties" } } },
    { "name": "repeat-offender", "priority": 20,
      "conditions": { "all": [
        { "fact": "failed_spot_checks_2y", "operator": "greaterThanInclusive", "value": 2 },
        { "any": [
          { "fact": "general_penalties_3y", "operator": "greaterThanInclusive", "value": 1 },
          { "fact": "complaints_1y", "operator": "greaterThanInclusive", "value": 5 } ] } ] },
      "event": { "type": "tier-floor", "params": { "tier": "C", "reason": "repeated failed spot checks" } } },
    { "name": "serious-penalties", "priority": 10,
      "conditions": { "all": [{ "fact": "serious_penalties_3y", "operator": "greaterThanInclusive", "value": 1 }] },
      "event": { "type": "penalty", "params": { "points": 30 } } },
    { "name": "general-penalties-some", "priority": 10,
      "conditions": { "all": [
        { "fact": "general_penalties_3y", "operator": "greaterThanInclusive", "value": 1 },
        { "fact": "general_penalties_3y", "operator": "lessThan", "value": 3 } ] },
      "event": { "type": "penalty", "params": { "points": 5 } } },
    { "name": "general-penalties-many", "priority": 10,
      "conditions": { "all": [{ "fact": "general_penalties_3y", "operator": "greaterThanInclusive", "value": 3 }] },
      "event": { "type": "penalty", "params": { "points": 15 } } },
    { "name": "tax-grade-poor", "priority": 10,
      "conditions": { "all": [{ "fact": "tax_grade", "operator": "in", "value": ["C", "D"] }] },
      "event": { "type": "penalty", "params": { "points": 10 } } },
    { "name": "tax-grade-d", "priority": 10,
      "conditions": { "all": [{ "fact": "tax_grade", "operator": "equal", "value": "D" }] },
      "event": { "type": "penalty", "params": { "points": 10 } } },
    { "name": "young-enterprise", "priority": 10,
      "conditions": { "all": [{ "fact": "years_in_business", "operator": "lessThan", "value": 1 }] },
      "event": { "type": "penalty", "params": { "points": 3 } } },
    { "name": "small-capital", "priority": 10,
      "conditions": { "all": [{ "fact": "registered_capital", "operator": "lessThan", "value": 100000 }] },
      "event": { "type": "penalty", "params": { "points": 2 } } },
    { "name": "complaints-some", "priority": 10,
      "conditions": { "all": [
        { "fact": "complaints_1y", "operator": "greaterThanInclusive", "value": 3 },
        { "fact": "complaints_1y", "operator": "lessThanInclusive", "value": 10 } ] },
      "event": { "type": "penalty", "params": { "points": 3 } } },
    { "name": "complaints-many", "priority": 10,
      "conditions": { "all": [{ "fact": "complaints_1y", "operator": "greaterThan", "value": 10 }] },
      "event": { "type": "penalty", "params": { "points": 10 } } },
    { "name": "spot-checks-failed", "priority": 10,
      "conditions": { "all": [{ "fact": "failed_spot_checks_2y", "operator": "greaterThanInclusive", "value": 1 }] },
      "event": { "type": "penalty", "params": { "points": 5 } } },
    { "name": "annual-report-missing", "priority": 10,
      "conditions": { "all": [{ "fact": "annual_report_missing_last_year", "operator": "equal", "value": true }] },
      "event": { "type": "penalty", "params": { "points": 5 } } },
    { "name": "risky-combination", "priority": 10,
      "conditions": { "any": [
        { "all": [
          { "fact": "complaints_1y", "operator": "greaterThanInclusive", "value": 5 },
          { "fact": "tax_grade", "operator": "in", "value": ["C", "D"] } ] },
        { "all": [
          { "fact": "general_penalties_3y", "operator": "greaterThanInclusive", "value": 2 },
          { "fact": "years_in_business", "operator": "lessThan", "value": 3 } ] } ] },
      "event": { "type": "penalty", "params": { "points": 8 } } },
    { "name": "complaints-outweigh-commendations", "priority": 10,
      "conditions": { "all": [
        { "fact": "complaints_1y", "operator": "greaterThan", "value": { "fact": "commendations_3y" } },
        { "fact": "complaints_1y", "operator": "greaterThanInclusive", "value": 2 } ] },
      "event": { "type": "penalty", "params": { "points": 1 } } },
    { "name": "tax-grade-a", "priority": 5,
      "conditions": { "all": [{ "fact": "tax_grade", "operator": "equal", "value": "A" }] },
      "event": { "type": "bonus", "params": { "points": 5 } } },
    { "name": "new-taxpayer", "priority": 5,
      "conditions": { "all": [
        { "fact": "tax_grade", "operator": "equal", "value": "M" },
        { "fact": "years_in_business", "operator": "lessThan", "value": 3 } ] },
      "event": { "type": "note", "params": { "text": "new taxpayer, grade M" } } },
    { "name": "established", "priority": 5,
      "conditions": { "all": [
        { "fact": "years_in_business", "operator": "greaterThanInclusive", "value": 10 },
        { "not": { "fact": "serious_penalties_3y", "operator": "greaterThan", "value": 0 } } ] },
      "event": { "type": "bonus", "params": { "points": 5 } } },
    { "name": "large-capital", "priority": 5,
      "conditions": { "all": [{ "fact": "registered_capital", "operator": "greaterThanInclusive", "value": 50000000 }] },
      "event": { "type": "bonus", "params": { "points": 2 } } },
    { "name": "commended", "priority": 5,
      "conditions": { "all": [{ "fact": "commendations_3y", "operator": "greaterThanInclusive", "value": 1 }] },
      "event": { "type": "bonus", "params": { "points": 3 } } },
    { "name": "commended-and-clean", "priority": 5,
      "conditions": { "all": [
        { "fact": "commendations_3y", "operator": "greaterThanInclusive", "value": 2 },
        { "fact": "general_penalties_3y", "operator": "equal", "value": 0 },
        { "fact": "serious_penalties_3y", "operator": "equal", "value": 0 } ] },
      "event": { "type": "bonus", "params": { "points": 5 } } },
    { "name": "good-standing", "priority": 5,
      "conditions": { "not": { "any": [
        { "fact": "on_abnormal_list", "operator": "equal", "value": true },
        { "fact": "on_serious_dishonesty_list", "operator": "equal", "value": true },
        { "fact": "tax_grade", "operator": "notIn", "value": ["A", "B"] } ] } },
      "event": { "type": "bonus", "params": { "points": 2 } } },
    { "name": "clean-record", "priority": 1,
      "conditions": { "all": [
        { "fact": "general_penalties_3y", "operator": "equal", "value": 0 },
        { "fact": "serious_penalties_3y", "operator": "equal", "value": 0 },
        { "fact": "complaints_1y", "operator": "lessThanInclusive", "value": 1 },
        { "fact": "failed_spot_checks_2y", "operator": "equal", "value": 0 },
        { "fact": "on_abnormal_list", "operator": "equal", "value": false },
        { "fact": "on_serious_dishonesty_list", "operator": "equal", "value": false } ] },
      "event": { "type": "eligible", "params": { "tier": "A" } } }
  ]`) as unknown[];

  /** Mostly well-formed values; now and then a missing fact, a null or a numeric string, as imports produce. */
  const noisy = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 30, arbitrary }, { weight: 1, arbitrary: fc.constantFrom(MISSING, null, '3', '0') });
  const count = (max: number) =>
    noisy(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
      ),
    );
  const flag = (percentTrue: number) => noisy(fc.integer({ min: 1, max: 100 }).map((n) => n <= percentTrue));
  const tieringFacts: fc.Arbitrary<Facts> = fc
    .record({
      general_penalties_3y: count(6),
      serious_penalties_3y: count(4),
      on_serious_dishonesty_list: flag(3),
      on_abnormal_list: flag(8),
      tax_grade: noisy(fc.constantFrom('A', 'B', 'M', 'C', 'D')),
      years_in_business: noisy(fc.integer({ min: 0, max: 40 })),
      registered_capital: noisy(
        fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 100_000_000 })),
      ),
      complaints_1y: count(15),
      failed_spot_checks_2y: count(3),
      commendations_3y: count(4),
      annual_report_missing_last_year: flag(10),
    })
    .map((facts) => Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== MISSING)));

  it('agree on a realistic tiering rule set for 5,000 fact sets', async () => {
    const { evaluator, unsupported } = compileRules(TIERING_RULES);
    expect(unsupported).toEqual([]);
    expect(evaluator.kind).toBe('compiled');
    const reference = createReferenceEvaluator(TIERING_RULES);
    const firedNames = new Set<string>();
    await fc.assert(
      fc.asyncProperty(tieringFacts, async (facts) => {
        const expected = await outcomeOf(reference, facts);
        expect(await outcomeOf(evaluator, facts)).toEqual(expected);
        if ('fired' in expected) for (const f of expected.fired) firedNames.add(f.name);
      }),
      { numRuns: 5000 },
    );
    // Every rule fired at least once, so every rule was actually compared.
    expect(firedNames.size).toBe(TIERING_RULES.length);
  });
});
