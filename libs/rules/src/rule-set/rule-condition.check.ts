import type { DeclaredFacts } from './fact-declaration.check';
import { describeType } from './fact-declaration.check';
import type { FactType } from './fact-catalog.const';
import { isRecord, jsonTypeOf } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';
import {
  NUMERIC_OPERATORS,
  OPERATOR_DECORATORS,
  OperatorDecorator,
  parseOperator,
  RULE_OPERATORS,
  RuleOperator,
} from './rule-operator.const';

/**
 * Semantic checks of one rule's conditions: every fact declared, every operator a json-rules-engine
 * built-in, every value of a type the operator can compare with the fact. json-rules-engine itself
 * would accept all of these and quietly never fire (a number compared with "1" is false, a string
 * "greaterThan" is parsed with parseFloat), which is exactly the silent failure to catch here.
 */

/** One side of a comparison, as the operator sees it after its decorators. */
type Operand =
  | { kind: 'fact'; name: string; type: FactType; item: boolean; at: PathSegment[] }
  | { kind: 'literal'; value: unknown; at: PathSegment[] }
  | { kind: 'unknown' };

const SCALAR_TYPES: readonly FactType[] = ['number', 'boolean', 'string', 'date'];

export function checkRuleConditions(
  conditions: unknown,
  at: PathSegment[],
  facts: DeclaredFacts,
  report: Report,
): void {
  if (!isRecord(conditions)) return;
  if (conditions.all === undefined && conditions.any === undefined && conditions.not === undefined) {
    if (conditions.condition !== undefined) reportReference(conditions, at, report);
    else report(at, 'the root of conditions must hold exactly one of all, any or not');
    return;
  }
  checkCondition(conditions, at, facts, report);
}

function checkCondition(condition: unknown, at: PathSegment[], facts: DeclaredFacts, report: Report): void {
  if (!isRecord(condition)) return;
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (list === undefined) continue;
    if (Array.isArray(list))
      list.forEach((child, i) => checkCondition(child, [...at, key, i], facts, report));
    return;
  }
  if (condition.not !== undefined) return checkCondition(condition.not, [...at, 'not'], facts, report);
  if (condition.condition !== undefined) return reportReference(condition, at, report);
  checkFactCondition(condition, at, facts, report);
}

function reportReference(condition: Record<string, unknown>, at: PathSegment[], report: Report): void {
  report(
    at,
    `condition references (${JSON.stringify(condition.condition)}) need shared conditions, which a rule set does not have: write the conditions out`,
  );
}

function checkFactCondition(
  condition: Record<string, unknown>,
  at: PathSegment[],
  facts: DeclaredFacts,
  report: Report,
): void {
  const left = factOperand(condition.fact, condition.path, [...at, 'fact'], [...at, 'path'], facts, report);
  const value = condition.value;
  const right: Operand =
    isRecord(value) && value.fact !== undefined
      ? factOperand(value.fact, value.path, [...at, 'value', 'fact'], [...at, 'value', 'path'], facts, report)
      : { kind: 'literal', value, at: [...at, 'value'] };
  if (typeof condition.operator !== 'string') return;
  const parsed = parseOperator(condition.operator);
  if (!parsed) {
    report(
      [...at, 'operator'],
      `unknown operator ${JSON.stringify(condition.operator)}; json-rules-engine's built-ins are ` +
        `${RULE_OPERATORS.join(', ')}, optionally decorated with ${OPERATOR_DECORATORS.map((d) => d + ':').join(', ')}`,
    );
    return;
  }
  const check = new OperandCheck(parsed.operator, [...at, 'operator'], report);
  check.run(parsed.decorators, left, right);
}

/** The declared fact as an operand, reporting an undeclared name or a path into a scalar. */
function factOperand(
  name: unknown,
  path: unknown,
  factAt: PathSegment[],
  pathAt: PathSegment[],
  facts: DeclaredFacts,
  report: Report,
): Operand {
  if (typeof name !== 'string') return { kind: 'unknown' };
  if (!facts.has(name)) {
    report(factAt, `fact ${JSON.stringify(name)} is not declared in facts`);
    return { kind: 'unknown' };
  }
  const type = facts.get(name);
  if (type === undefined) return { kind: 'unknown' };
  if (path !== undefined) {
    if (SCALAR_TYPES.includes(type)) {
      report(
        pathAt,
        `fact ${JSON.stringify(name)} is ${describeType(type)} and has no properties: remove path`,
      );
    }
    // A path into a list picks something we cannot type here; the value is not checked.
    return { kind: 'unknown' };
  }
  return { kind: 'fact', name, type, item: false, at: factAt };
}

/**
 * Walks an operator's decorators the way json-rules-engine applies them (outermost first), then
 * checks the two operands against the base operator. Literal arrays under someValue/everyValue fan
 * out into one check per item, so a wrong item is reported at its own index.
 */
class OperandCheck {
  constructor(
    private readonly operator: RuleOperator,
    private readonly operatorAt: PathSegment[],
    private readonly report: Report,
  ) {}

  run(decorators: readonly OperatorDecorator[], left: Operand, right: Operand): void {
    if (left.kind === 'unknown' || right.kind === 'unknown') return;
    const [decorator, ...rest] = decorators;
    switch (decorator) {
      case undefined:
        return this.base(left, right);
      case 'not':
        return this.run(rest, left, right);
      case 'swap':
        return this.run(rest, right, left);
      case 'someFact':
      case 'everyFact':
        for (const item of this.items(decorator, left)) this.run(rest, item, right);
        return;
      case 'someValue':
      case 'everyValue':
        for (const item of this.items(decorator, right)) this.run(rest, left, item);
        return;
    }
  }

  /** The items of an operand a decorator iterates over, reporting one that is not a list. */
  private items(decorator: OperatorDecorator, operand: Operand): Operand[] {
    if (operand.kind === 'fact') {
      if (operand.type === 'string[]' && !operand.item) return [{ ...operand, type: 'string', item: true }];
      this.report(this.operatorAt, `${decorator} needs a list, but ${this.describe(operand)}`);
      return [];
    }
    if (operand.kind === 'literal') {
      if (Array.isArray(operand.value)) {
        return operand.value.map((value, i) => ({ kind: 'literal', value, at: [...operand.at, i] }));
      }
      this.report(operand.at, `${decorator} needs an array, not ${article(jsonTypeOf(operand.value))}`);
    }
    return [];
  }

  private base(left: Operand, right: Operand): void {
    const op = this.operator;
    if (op === 'in' || op === 'notIn') return this.membership(left, right);
    if (op === 'contains' || op === 'doesNotContain') return this.membership(right, left);
    const numeric = NUMERIC_OPERATORS.includes(op);
    for (const side of [left, right]) {
      if (
        side.kind === 'fact' &&
        (side.type === 'string[]' || (numeric && side.type !== 'number' && side.type !== 'date'))
      ) {
        const hint = side.type === 'string[]' && !numeric ? ': use contains' : '';
        this.report(
          this.operatorAt,
          `${op} compares ${numeric ? 'numbers' : 'single values'}, but ${this.describe(side)}${hint}`,
        );
        return;
      }
    }
    this.comparable(left, right);
  }

  /** `single` in `list`: contains is the same check with the sides the other way round. */
  private membership(single: Operand, list: Operand): void {
    const op = this.operator;
    if (list.kind === 'literal' && !Array.isArray(list.value)) {
      this.report(list.at, `${op} needs an array of values, not ${article(jsonTypeOf(list.value))}`);
      return;
    }
    if (list.kind === 'fact' && (list.type !== 'string[]' || list.item)) {
      this.report(this.operatorAt, `${op} needs a list, but ${this.describe(list)}`);
      return;
    }
    if (single.kind === 'fact' && single.type === 'string[]' && !single.item) {
      this.report(this.operatorAt, `${op} compares a single value with a list, but ${this.describe(single)}`);
      return;
    }
    if (list.kind === 'unknown') return;
    const items: Operand[] =
      list.kind === 'fact'
        ? [{ ...list, type: 'string', item: true }]
        : (list.value as unknown[]).map((value, i) => ({ kind: 'literal', value, at: [...list.at, i] }));
    for (const item of items) this.comparable(single, item);
  }

  /** Two single values: a fact and a literal of its type, or two facts of the same type. */
  private comparable(a: Operand, b: Operand): void {
    if (a.kind === 'fact' && b.kind === 'literal') return this.literalFits(a, b);
    if (a.kind === 'literal' && b.kind === 'fact') return this.literalFits(b, a);
    if (a.kind === 'fact' && b.kind === 'fact' && a.type !== b.type) {
      this.report(b.at, `${this.describe(a)} but ${this.describe(b)}: ${this.operator} cannot compare them`);
    }
  }

  private literalFits(
    fact: Extract<Operand, { kind: 'fact' }>,
    literal: Extract<Operand, { kind: 'literal' }>,
  ): void {
    const wanted = fact.type === 'date' ? 'number' : fact.type;
    const actual = jsonTypeOf(literal.value);
    if (actual === wanted) return;
    const days = fact.type === 'date' ? ' (dates reach rules as days since 1970-01-01)' : '';
    this.report(
      literal.at,
      `${this.describe(fact)}${days}: compare it with ${article(wanted)}, not ${article(actual)}`,
    );
  }

  private describe(operand: Operand): string {
    if (operand.kind !== 'fact') return 'the value is not a fact';
    if (operand.item) return `fact ${JSON.stringify(operand.name)} holds strings`;
    return `fact ${JSON.stringify(operand.name)} is ${describeType(operand.type)}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
