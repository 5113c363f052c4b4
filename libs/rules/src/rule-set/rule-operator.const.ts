/**
 * json-rules-engine's built-in operators and operator decorators (v7). A rule set may use exactly
 * these: the engine is created without custom operators, so any other name would throw at run time.
 */
export const RULE_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** Decorators prefix an operator, e.g. `not:in` or `someFact:equal`; they may be chained. */
export const OPERATOR_DECORATORS = [
  'someFact',
  'someValue',
  'everyFact',
  'everyValue',
  'swap',
  'not',
] as const;
export type OperatorDecorator = (typeof OPERATOR_DECORATORS)[number];

export const NUMERIC_OPERATORS: readonly RuleOperator[] = [
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
];

/** The schema's pattern for an operator, built from the same lists so the two cannot drift. */
export const OPERATOR_PATTERN = `^(?:(?:${OPERATOR_DECORATORS.join('|')}):)*(?:${RULE_OPERATORS.join('|')})$`;

export interface ParsedOperator {
  decorators: OperatorDecorator[];
  operator: RuleOperator;
}

/** Splits `not:someFact:equal` into its decorators and base operator; undefined if any part is unknown. */
export function parseOperator(text: string): ParsedOperator | undefined {
  const parts = text.split(':');
  const operator = parts.pop();
  if (!operator || !(RULE_OPERATORS as readonly string[]).includes(operator)) return undefined;
  if (!parts.every((p) => (OPERATOR_DECORATORS as readonly string[]).includes(p))) return undefined;
  return { decorators: parts as OperatorDecorator[], operator: operator as RuleOperator };
}
