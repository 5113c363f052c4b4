/**
 * json-rules-engine 7's built-in operators and operator decorators, reproduced exactly
 * (node_modules/json-rules-engine/dist/engine-default-operators.js, operator.js,
 * engine-default-operator-decorators.js, operator-decorator.js, operator-map.js).
 *
 * An Operator evaluates `validator(factValue) && callback(factValue, jsonValue)`:
 * - equal / notEqual: `===` / `!==`, no validator (so 5 and '5' differ, NaN never equals).
 * - in / notIn: `jsonValue.indexOf(factValue)`, unchecked: an array is searched with `===`, a string
 *   is searched for the fact value turned into a substring ('abc' "contains" 'b', 'a5' contains 5),
 *   and anything else (null, a number, an object) throws a TypeError, which rejects engine.run().
 * - contains / doesNotContain: validator Array.isArray(factValue), then `factValue.indexOf(jsonValue)`;
 *   a fact that is not an array fails both (doesNotContain is false too).
 * - lessThan, lessThanInclusive, greaterThan, greaterThanInclusive: validator
 *   `Number.parseFloat(factValue).toString() !== 'NaN'` on the fact side only, then plain `<`, `<=`,
 *   `>`, `>=`. So null, undefined, booleans, NaN, '', 'abc' and plain objects fail; '5' passes and
 *   is compared with JS coercion ('5' > 3), '5abc' passes the validator but then compares as NaN
 *   (false), [7] passes and compares as 7, Infinity passes. The condition value is never checked:
 *   5 > null is 5 > 0, 5 > '3' is true, 5 > 'abc' is false.
 *
 * Decorators prefix an operator (`not:someFact:in`; the leftmost is outermost). A decorated operator
 * evaluates `decoratorValidator(factValue) && decorator(factValue, jsonValue, next)`, `next` being
 * the inner operator with its own validator:
 * - someFact / everyFact (validator Array.isArray): some / every fact element passes next(elem, value);
 * - someValue / everyValue (no validator): `jsonValue.some` / `every` of next(fact, elem), unchecked
 *   (a value that is not an array throws);
 * - swap: next(jsonValue, factValue);  not: !next(factValue, jsonValue).
 *
 * An unknown name (a custom operator) is not compiled: the caller reports it as unsupported.
 */

/** fact-side value, condition-side value. */
export type OperatorFn = (factValue: unknown, jsonValue: unknown) => boolean;

/** What the compiler knows of an operand: a literal from the rule, or something read from the facts. */
export type Operand = { readonly known: true; readonly value: unknown } | { readonly known: false };

export const UNKNOWN_OPERAND: Operand = { known: false };

export function knownOperand(value: unknown): Operand {
  return { known: true, value };
}

export interface CompiledOperator {
  readonly evaluate: OperatorFn;
  /**
   * Whether evaluate() can throw for such operands. Conservative (true when unsure): it decides
   * which conditions must be evaluated even when a sibling already settled the result, because
   * json-rules-engine evaluates every condition of a priority group and any throw rejects the run.
   * Fact values are assumed to be data (no symbols, no prototype-less objects, whose string
   * conversion throws inside Number.parseFloat and String.prototype.indexOf).
   */
  mayThrow(fact: Operand, json: Operand): boolean;
}

type Searchable = { indexOf(item: unknown): number };
type ElementTests = {
  some(test: (item: unknown) => boolean): boolean;
  every(test: (item: unknown) => boolean): boolean;
};

// Deliberately unchecked, like json-rules-engine's `b.indexOf(a)`: a value without indexOf throws.
const indexIn = (list: unknown, item: unknown): number => (list as Searchable).indexOf(item);

// Number.parseFloat converts any argument to a string first; typed as unknown to say so.
const parseFloatOf = Number.parseFloat as (value: unknown) => number;

/** json-rules-engine's numberValidator: `Number.parseFloat(factValue).toString() !== 'NaN'`. */
export function passesNumberValidator(value: unknown): boolean {
  // A number's string form parses back to a number unless it is NaN (Infinity, 1e+21 included).
  if (typeof value === 'number') return !Number.isNaN(value);
  return !Number.isNaN(parseFloatOf(value));
}

const never = (): boolean => false;

/** Only an array or a string literal can answer indexOf without throwing. */
function searchableLiteral(operand: Operand): boolean {
  return operand.known && (Array.isArray(operand.value) || typeof operand.value === 'string');
}

// The relational operators compare whatever they get with JS coercion, exactly as the engine does;
// the `as number` casts only quiet the type checker.
const BASE_OPERATORS = new Map<string, CompiledOperator>([
  ['equal', { evaluate: (a, b) => a === b, mayThrow: never }],
  ['notEqual', { evaluate: (a, b) => a !== b, mayThrow: never }],
  ['in', { evaluate: (a, b) => indexIn(b, a) > -1, mayThrow: (_a, b) => !searchableLiteral(b) }],
  ['notIn', { evaluate: (a, b) => indexIn(b, a) === -1, mayThrow: (_a, b) => !searchableLiteral(b) }],
  ['contains', { evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1, mayThrow: never }],
  ['doesNotContain', { evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1, mayThrow: never }],
  [
    'lessThan',
    { evaluate: (a, b) => passesNumberValidator(a) && (a as number) < (b as number), mayThrow: never },
  ],
  [
    'lessThanInclusive',
    { evaluate: (a, b) => passesNumberValidator(a) && (a as number) <= (b as number), mayThrow: never },
  ],
  [
    'greaterThan',
    { evaluate: (a, b) => passesNumberValidator(a) && (a as number) > (b as number), mayThrow: never },
  ],
  [
    'greaterThanInclusive',
    { evaluate: (a, b) => passesNumberValidator(a) && (a as number) >= (b as number), mayThrow: never },
  ],
]);

/** With a known array fact, next sees each element; with an unknown fact, some unknown element. */
function factElementsMayThrow(fact: Operand, json: Operand, next: CompiledOperator): boolean {
  if (!fact.known) return next.mayThrow(UNKNOWN_OPERAND, json);
  if (!Array.isArray(fact.value)) return false; // the validator stops it before next
  return fact.value.some((element) => next.mayThrow(knownOperand(element), json));
}

function valueElementsMayThrow(fact: Operand, json: Operand, next: CompiledOperator): boolean {
  if (!json.known || !Array.isArray(json.value)) return true; // `.some` of a non-array throws
  return json.value.some((element) => next.mayThrow(fact, knownOperand(element)));
}

const DECORATORS = new Map<string, (next: CompiledOperator) => CompiledOperator>([
  [
    'someFact',
    (next) => ({
      evaluate: (a, b) => Array.isArray(a) && a.some((element) => next.evaluate(element, b)),
      mayThrow: (a, b) => factElementsMayThrow(a, b, next),
    }),
  ],
  [
    'everyFact',
    (next) => ({
      evaluate: (a, b) => Array.isArray(a) && a.every((element) => next.evaluate(element, b)),
      mayThrow: (a, b) => factElementsMayThrow(a, b, next),
    }),
  ],
  [
    'someValue',
    (next) => ({
      evaluate: (a, b) => (b as ElementTests).some((element) => next.evaluate(a, element)),
      mayThrow: (a, b) => valueElementsMayThrow(a, b, next),
    }),
  ],
  [
    'everyValue',
    (next) => ({
      evaluate: (a, b) => (b as ElementTests).every((element) => next.evaluate(a, element)),
      mayThrow: (a, b) => valueElementsMayThrow(a, b, next),
    }),
  ],
  ['swap', (next) => ({ evaluate: (a, b) => next.evaluate(b, a), mayThrow: (a, b) => next.mayThrow(b, a) })],
  ['not', (next) => ({ evaluate: (a, b) => !next.evaluate(a, b), mayThrow: (a, b) => next.mayThrow(a, b) })],
]);

/**
 * The operator json-rules-engine's OperatorMap.get() would build for this name, or undefined where
 * it would find none (it then rejects the run with "Unknown operator" when the condition is reached).
 */
export function compileOperator(name: string): CompiledOperator | undefined {
  const parts = name.split(':');
  let operator = BASE_OPERATORS.get(parts[parts.length - 1]);
  if (!operator) return undefined;
  // OperatorMap.get() applies the decorator nearest the operator first.
  for (let i = parts.length - 2; i >= 0; i--) {
    const decorate = DECORATORS.get(parts[i]);
    if (!decorate) return undefined;
    operator = decorate(operator);
  }
  return operator;
}

/** The undecorated operator, for conditions that can be specialised to their literal. */
export function isBaseOperator(name: string): boolean {
  return BASE_OPERATORS.has(name);
}
