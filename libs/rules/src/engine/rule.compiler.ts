import { compileCondition, type Test, type Ticks } from './condition.compiler';
import { FactAccessCompiler, type FactSlots } from './fact-access.compiler';
import { firedRuleName, type Facts, type FiredRule, type RuleEvaluator, type RuleEvent } from './fired-rule';
import { createReferenceEvaluator } from './reference.engine';
import { UnsupportedFeatureError } from './unsupported-feature.error';

export interface CompileRulesResult {
  evaluator: RuleEvaluator;
  /** Why the rule set could not be compiled (each naming its rule); empty when it was. */
  unsupported: string[];
}

/**
 * Compiles json-rules-engine rules into plain closures that fire the same rules, in the same order,
 * as json-rules-engine 7 with `allowUndefinedFacts: true` (createReferenceEvaluator).
 *
 * A rule set json-rules-engine rejects throws the engine's own error here. A rule set it accepts but
 * that uses something not compiled (condition references, custom operators, fact params, complex
 * JSONPath, non-numeric condition priorities, ...) gets the reference evaluator instead, with the
 * reasons in `unsupported` for the caller to log ("falling back to json-rules-engine: ...").
 *
 * Order of the fired rules, from engine.js and rule.js:
 * - Engine#prioritizeRules groups rules by priority (parseInt(rule.priority || 1), so 0 counts as 1)
 *   and run() evaluates the groups one after another, highest first.
 * - Engine#evaluateRules starts every rule of a group synchronously, in the order they were added
 *   (`Promise.all(ruleArray.map(rule => rule.evaluate(almanac).then(emit)))`), and each rule emits
 *   `success` in its own `.then` as soon as its evaluation promise fulfils. Nothing else is shared
 *   between the rules' promise chains, so within a group they emit in the order their chains finish:
 *   fewer microtask turns first, and for equal turns the order of addition (every job of an earlier
 *   rule is queued ahead of the later rule's jobs of the same turn). The turns after the condition
 *   tree (processResult, the rule's own emitAsync) are the same for every rule, so the condition
 *   tree's turns decide (condition.compiler.ts counts them). They depend on the data: a rule whose
 *   `all` fails in its first priority group finishes before one that evaluates all its groups, and
 *   a path on a present fact costs one turn more than on a missing one.
 * The compiled evaluator therefore keeps the rules sorted by priority and addition order and, in a
 * group with two or more fired rules, reorders them stably by their turns - precomputed when no rule
 * of the group depends on the data, which is the common case.
 *
 * A condition json-rules-engine would throw on (`in` against null, `someValue` against a non-array,
 * ...) makes evaluate() throw, as engine.run() rejects; a facts object with an empty key throws too,
 * as run() does ('factId required').
 *
 * The returned FiredRule objects are shared between calls and frozen.
 */
export function compileRules(rules: unknown[]): CompileRulesResult {
  // Building the reference validates the rule set exactly as json-rules-engine does (and throws).
  const reference = createReferenceEvaluator(rules);
  // A private copy, so that literals compared with `===` or indexOf never alias the caller's objects
  // (json-rules-engine compares clones too).
  const copies = structuredClone(rules);
  const factAccess = new FactAccessCompiler();
  const compiled: CompiledRule[] = [];
  const unsupported: string[] = [];
  copies.forEach((raw, index) => {
    try {
      compiled.push(compileRule(raw as RawRule, factAccess));
    } catch (error) {
      if (!(error instanceof UnsupportedFeatureError)) throw error;
      const name = firedRuleName(nameOf(raw as RawRule));
      unsupported.push(`rule ${JSON.stringify(name)} (#${index}): ${error.message}`);
    }
  });
  if (unsupported.length > 0) return { evaluator: reference, unsupported };
  return { evaluator: new CompiledEvaluator(compiled, factAccess.snapshot()), unsupported };
}

type RawRule = Record<string, unknown>;

interface CompiledRule {
  readonly priority: number;
  readonly fired: FiredRule;
  readonly test: Test;
  readonly ticks: Ticks;
  readonly staticTicks: number | undefined;
}

/** Rule's constructor: any truthy name, or 0; otherwise unnamed. */
function nameOf(rule: RawRule): unknown {
  return rule.name || rule.name === 0 ? rule.name : undefined;
}

function compileRule(rule: RawRule, factAccess: FactAccessCompiler): CompiledRule {
  // Rule: setPriority(parseInt(options.priority || 1, 10)); the engine already refused <= 0.
  const priority = (Number.parseInt as (value: unknown, radix: number) => number)(rule.priority || 1, 10);
  if (Number.isNaN(priority)) {
    throw new UnsupportedFeatureError(`priority ${JSON.stringify(rule.priority)} is not a number`);
  }
  if (!rule.conditions) {
    // Accepted by addRule(), but Rule#evaluate then throws on every run.
    throw new UnsupportedFeatureError('no conditions');
  }
  const root = compileCondition(rule.conditions, 'conditions', factAccess);
  return {
    priority,
    fired: deepFreeze({ name: firedRuleName(nameOf(rule)), priority, event: eventOf(rule) }),
    test: root.test,
    // The root's ticks exceed the rule's turns by a constant, which does not change the order.
    ticks: root.ticks,
    staticTicks: root.staticTicks,
  };
}

/** Rule#setEvent: `{ type }` plus `params` when truthy; a missing event is `{ type: 'unknown' }`. */
function eventOf(rule: RawRule): RuleEvent {
  const event = (rule.event || { type: 'unknown' }) as Record<string, unknown>;
  const result: Record<string, unknown> = { type: event.type };
  if (event.params) result.params = event.params;
  return result as unknown as RuleEvent;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

interface RuleGroup {
  readonly rules: readonly CompiledRule[];
  /** Every rule's turns are static, and `rules` is already in emission order. */
  readonly ordered: boolean;
}

class CompiledEvaluator implements RuleEvaluator {
  readonly kind = 'compiled';
  private readonly groups: readonly RuleGroup[];

  constructor(
    rules: readonly CompiledRule[],
    private readonly snapshot: (facts: Facts) => FactSlots,
  ) {
    const byPriority = new Map<number, CompiledRule[]>();
    for (const rule of rules) {
      const group = byPriority.get(rule.priority);
      if (group) group.push(rule);
      else byPriority.set(rule.priority, [rule]);
    }
    this.groups = [...byPriority.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, group]) => {
        const ordered = group.every((rule) => rule.staticTicks !== undefined);
        // Array#sort is stable: equal turns keep the order of addition.
        if (ordered) group.sort((a, b) => (a.staticTicks as number) - (b.staticTicks as number));
        return { rules: group, ordered };
      });
  }

  evaluate(facts: Facts): FiredRule[] {
    if ('' in facts) throw new Error('factId required');
    const slots = this.snapshot(facts);
    const fired: FiredRule[] = [];
    for (const group of this.groups) {
      const rules = group.rules;
      if (group.ordered) {
        for (let i = 0; i < rules.length; i++) if (rules[i].test(slots)) fired.push(rules[i].fired);
        continue;
      }
      let passed: CompiledRule[] | undefined;
      for (let i = 0; i < rules.length; i++) {
        if (rules[i].test(slots)) (passed ??= []).push(rules[i]);
      }
      if (!passed) continue;
      if (passed.length > 1) orderByTurns(passed, facts, slots);
      for (const rule of passed) fired.push(rule.fired);
    }
    return fired;
  }
}

/** Stable sort by the rules' turns for these facts (ties keep the order of addition). */
function orderByTurns(rules: CompiledRule[], facts: Facts, slots: FactSlots): void {
  const turns = new Map<CompiledRule, number>();
  for (const rule of rules) turns.set(rule, rule.staticTicks ?? rule.ticks(facts, slots));
  rules.sort((a, b) => (turns.get(a) as number) - (turns.get(b) as number));
}
