import type { FactAccess, FactAccessCompiler, FactSlots } from './fact-access.compiler';
import { parseFactPath, type FactPath } from './fact-path.parser';
import type { Facts } from './fired-rule';
import { compileLiteralTest } from './literal-test.compiler';
import {
  compileOperator,
  knownOperand,
  UNKNOWN_OPERAND,
  type Operand,
  type OperatorFn,
} from './operator.compiler';
import { UnsupportedFeatureError } from './unsupported-feature.error';

/**
 * Compiles a json-rules-engine condition tree (node_modules/json-rules-engine/dist/condition.js,
 * rule.js) into closures that give the same outcome, throw exactly when the engine's evaluation
 * would reject, and can tell how many microtask turns the engine's promise for the condition takes.
 *
 * Boolean nodes (Condition.booleanOperator: an own `any` wins over `all`, which wins over `not`; the
 * other keys are then ignored):
 * - `all: []` and `any: []` both hold (prioritizeAndRun resolves an empty list to true);
 * - one child is evaluated alone; two or more are split into groups by priority (a condition's own
 *   `priority` if truthy - for a fact condition the raw value, since Object.assign copies it before
 *   the constructor parseInts the input; for a boolean node parseInt(priority) || 1 - else the
 *   fact's priority, 1 for runtime facts), groups run highest first, each group's conditions all
 *   start together (Promise.all) and a group that settles `all` false / `any` true skips the rest.
 *   Within a group nothing short-circuits, so a condition that may throw (operator.compiler.ts) is
 *   always evaluated there; the closures evaluate those first and short-circuit only the others.
 * - `not` negates its single child.
 *
 * Microtask turns ("ticks"), which decide the order of rules with equal priority (rule.compiler.ts):
 * counted from the synchronous call of Rule#evaluateCondition to its promise fulfilling, where a
 * `.then` on a settled promise takes one turn and a `.then` callback that returns a promise adds two
 * more (the resolve-thenable job, then the reaction), and Promise.all settles one turn after its last
 * input.
 * - fact condition: Promise.all([value, fact]) (+1), `.then` building the result (+1), the
 *   evaluateCondition `.then` (+1): 3, plus 1 if either side resolves a path of a present fact.
 * - all/any: prioritizeAndRun (below), +1 for evaluateCondition's `.then`.
 *     0 children: 0. 1 child: the child's ticks. 2+: a cursor starting settled; per group, a skipped
 *     group costs 1, an evaluated one 4 + the slowest of its conditions (+1 the cursor's `.then`,
 *     Promise.all +1 after the slowest, `.then(every|some)` +1, +1 adopting that promise).
 * - not: the child's ticks + 1 (`.then(!r)`) + 1 (evaluateCondition's `.then`).
 * The differential specs check this model against the engine on random trees.
 */
export interface CompiledCondition {
  /** The outcome, from the facts read into slots (fact-access.compiler.ts). */
  readonly test: Test;
  /** Microtask turns of Rule#evaluateCondition for this condition (see above). */
  readonly ticks: Ticks;
  /** `ticks` when it does not depend on the facts. */
  readonly staticTicks: number | undefined;
  /** Whether test() may throw (then it must run even when a sibling already decided its group). */
  readonly mayThrow: boolean;
  /** The priority Rule#prioritizeConditions groups it by among its siblings. */
  readonly priority: number;
}

export type Test = (slots: FactSlots) => boolean;
/** Needs the facts object too: whether a fact is present is not in its slot. */
export type Ticks = (facts: Facts, slots: FactSlots) => number;
type RawCondition = Record<string, unknown>;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** `where` names the condition in unsupported-feature messages, e.g. `conditions.all[2].not`. */
export function compileCondition(
  raw: unknown,
  where: string,
  factAccess: FactAccessCompiler,
): CompiledCondition {
  // json-rules-engine has already validated the rule, so every condition is an object.
  const condition = raw as RawCondition;
  if (hasOwn(condition, 'condition')) {
    throw new UnsupportedFeatureError(`${where}: condition reference ${JSON.stringify(condition.condition)}`);
  }
  if (hasOwn(condition, 'any')) return compileList('any', condition, where, factAccess);
  if (hasOwn(condition, 'all')) return compileList('all', condition, where, factAccess);
  if (hasOwn(condition, 'not')) return compileNot(condition, where, factAccess);
  return compileFactCondition(condition, where, factAccess);
}

function booleanPriority(condition: RawCondition): number {
  // Condition: `parseInt(properties.priority, 10) || 1`; parseInt stringifies its argument itself.
  return (Number.parseInt as (value: unknown, radix: number) => number)(condition.priority, 10) || 1;
}

function compileNot(
  condition: RawCondition,
  where: string,
  factAccess: FactAccessCompiler,
): CompiledCondition {
  const child = compileCondition(condition.not, `${where}.not`, factAccess);
  const childTest = child.test;
  const childTicks = child.ticks;
  return {
    test: (slots) => !childTest(slots),
    ticks: (facts, slots) => childTicks(facts, slots) + 2,
    staticTicks: child.staticTicks === undefined ? undefined : child.staticTicks + 2,
    mayThrow: child.mayThrow,
    priority: booleanPriority(condition),
  };
}

interface PriorityGroup {
  readonly members: readonly CompiledCondition[];
  readonly test: Test;
}

function compileList(
  kind: 'all' | 'any',
  condition: RawCondition,
  where: string,
  factAccess: FactAccessCompiler,
): CompiledCondition {
  const children = (condition[kind] as unknown[]).map((child, i) =>
    compileCondition(child, `${where}.${kind}[${i}]`, factAccess),
  );
  const priority = booleanPriority(condition);
  if (children.length === 0) {
    return { test: () => true, ticks: () => 1, staticTicks: 1, mayThrow: false, priority };
  }
  if (children.length === 1) {
    const [only] = children;
    const onlyTicks = only.ticks;
    return {
      test: only.test,
      ticks: (facts, slots) => onlyTicks(facts, slots) + 1,
      staticTicks: only.staticTicks === undefined ? undefined : only.staticTicks + 1,
      mayThrow: only.mayThrow,
      priority,
    };
  }
  const groups = groupByPriority(children).map((members) => ({ members, test: groupTest(kind, members) }));
  const mayThrow = children.some((c) => c.mayThrow);
  const test = chainGroups(kind, groups);
  const isAll = kind === 'all';
  const ticks: Ticks = (facts, slots) => {
    let turns = 0;
    let cursor = isAll;
    for (const group of groups) {
      if (cursor !== isAll) {
        turns += 1; // the group is skipped: only the cursor's `.then`
        continue;
      }
      let slowest = 0;
      for (const member of group.members) slowest = Math.max(slowest, member.ticks(facts, slots));
      turns += 4 + slowest;
      cursor = group.test(slots);
    }
    return turns + 1;
  };
  const staticTicks =
    groups.length === 1 && children.every((c) => c.staticTicks !== undefined)
      ? 5 + Math.max(...children.map((c) => c.staticTicks as number))
      : undefined;
  return { test, ticks, staticTicks, mayThrow, priority };
}

/** Rule#prioritizeConditions: groups by priority, highest first (order within a group is immaterial). */
function groupByPriority(children: readonly CompiledCondition[]): CompiledCondition[][] {
  const byPriority = new Map<number, CompiledCondition[]>();
  for (const child of children) {
    const group = byPriority.get(child.priority);
    if (group) group.push(child);
    else byPriority.set(child.priority, [child]);
  }
  return [...byPriority.entries()].sort(([a], [b]) => b - a).map(([, group]) => group);
}

/** Every member that may throw runs; the rest short-circuit, which cannot change the outcome. */
function groupTest(kind: 'all' | 'any', members: readonly CompiledCondition[]): Test {
  const eager = members.filter((m) => m.mayThrow).map((m) => m.test);
  const lazy = members.filter((m) => !m.mayThrow).map((m) => m.test);
  const decisive = kind === 'any'; // the result that settles the group
  const lazyTest = shortCircuit(lazy, decisive);
  if (eager.length === 0) return lazyTest;
  return (slots) => {
    let settled = false;
    for (let i = 0; i < eager.length; i++) if (eager[i](slots) === decisive) settled = true;
    return settled ? decisive : lazyTest(slots);
  };
}

function chainGroups(kind: 'all' | 'any', groups: readonly PriorityGroup[]): Test {
  if (groups.length === 1) return groups[0].test;
  return shortCircuit(
    groups.map((g) => g.test),
    kind === 'any',
  );
}

/** `decisive` if any test gives it, else its opposite; small lists unrolled for the hot path. */
function shortCircuit(tests: readonly Test[], decisive: boolean): Test {
  if (tests.length === 0) return () => !decisive;
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return decisive ? (slots) => a(slots) || b(slots) : (slots) => a(slots) && b(slots);
  }
  if (tests.length === 3) {
    const [a, b, c] = tests;
    return decisive
      ? (slots) => a(slots) || b(slots) || c(slots)
      : (slots) => a(slots) && b(slots) && c(slots);
  }
  return decisive
    ? (slots) => {
        for (let i = 0; i < tests.length; i++) if (tests[i](slots)) return true;
        return false;
      }
    : (slots) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i](slots)) return false;
        return true;
      };
}

function compileFactCondition(
  condition: RawCondition,
  where: string,
  factAccess: FactAccessCompiler,
): CompiledCondition {
  if (hasOwn(condition, 'params')) {
    throw new UnsupportedFeatureError(`${where}: fact params (only meaningful for dynamic facts)`);
  }
  const { fact, operator: operatorName, value } = condition;
  if (typeof fact !== 'string') {
    throw new UnsupportedFeatureError(`${where}: fact name ${JSON.stringify(fact)} is not a string`);
  }
  if (typeof operatorName !== 'string') {
    throw new UnsupportedFeatureError(`${where}: operator ${JSON.stringify(operatorName)} is not a string`);
  }
  const operator = compileOperator(operatorName);
  if (!operator) {
    throw new UnsupportedFeatureError(`${where}: unknown operator "${operatorName}" (custom operator?)`);
  }
  const factSide = factAccess.compile(fact, pathOf(condition.path, where));
  const valueSide = compileValue(value, where, factAccess);
  return {
    test: factConditionTest(operatorName, operator.evaluate, factSide, valueSide),
    ...factConditionTicks(factSide, valueSide),
    mayThrow: operator.mayThrow(UNKNOWN_OPERAND, valueSide.literal),
    priority: factConditionPriority(condition, where),
  };
}

function factConditionTest(
  operatorName: string,
  evaluate: OperatorFn,
  factSide: FactAccess,
  valueSide: ValueSide,
): Test {
  const readFact = factSide.read;
  if (valueSide.access) {
    const readValue = valueSide.access.read;
    return (slots) => evaluate(readFact(slots), readValue(slots));
  }
  const literal = valueSide.literal.known ? valueSide.literal.value : undefined;
  const fast = factSide.path ? undefined : compileLiteralTest(operatorName, factSide.slot, literal);
  return fast ?? ((slots) => evaluate(readFact(slots), literal));
}

/** 3 turns, plus 1 when either side resolves a path of a present fact (see the header). */
function factConditionTicks(
  factSide: FactAccess,
  valueSide: ValueSide,
): Pick<CompiledCondition, 'ticks' | 'staticTicks'> {
  const factTicks = factSide.pathTicks;
  const valueTicks = valueSide.access?.pathTicks;
  if (factTicks && valueTicks) {
    return { ticks: (facts) => 3 + Math.max(factTicks(facts), valueTicks(facts)), staticTicks: undefined };
  }
  const pathTicks = factTicks ?? valueTicks;
  if (pathTicks) return { ticks: (facts) => 3 + pathTicks(facts), staticTicks: undefined };
  return { ticks: () => 3, staticTicks: 3 };
}

/** The almanac applies a path only if it is truthy. */
function pathOf(path: unknown, where: string): FactPath | undefined {
  if (!path) return undefined;
  const parsed = typeof path === 'string' ? parseFactPath(path) : undefined;
  if (!parsed) {
    throw new UnsupportedFeatureError(`${where}: path ${JSON.stringify(path)} (only $.a.b / $.a[0] forms)`);
  }
  return parsed;
}

interface ValueSide {
  /** The literal, or unknown when the value is read from a fact. */
  readonly literal: Operand;
  readonly access: FactAccess | undefined;
}

/** Almanac#getValue: an object with an own `fact` key is a fact reference, anything else a literal. */
function compileValue(value: unknown, where: string, factAccess: FactAccessCompiler): ValueSide {
  if (value === null || typeof value !== 'object' || !hasOwn(value, 'fact')) {
    return { literal: knownOperand(value), access: undefined };
  }
  const reference = value as RawCondition;
  if (typeof reference.fact !== 'string') {
    throw new UnsupportedFeatureError(
      `${where}: value fact name ${JSON.stringify(reference.fact)} is not a string`,
    );
  }
  if (hasOwn(reference, 'params')) {
    throw new UnsupportedFeatureError(`${where}: value fact params (only meaningful for dynamic facts)`);
  }
  return {
    literal: UNKNOWN_OPERAND,
    access: factAccess.compile(reference.fact, pathOf(reference.path, `${where}.value`)),
  };
}

/**
 * A fact condition keeps its raw `priority` (see the header); a falsy one falls back to the fact's
 * priority, 1. Other than finite numbers, the engine would group by the value's string and sort by
 * Number() of it (NaN sorts unpredictably, '2' and '2.0' land in different groups of equal rank):
 * not reproduced.
 */
function factConditionPriority(condition: RawCondition, where: string): number {
  const raw = condition.priority;
  if (!raw) return 1;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new UnsupportedFeatureError(`${where}: condition priority ${JSON.stringify(raw)} is not a number`);
  }
  return raw;
}
