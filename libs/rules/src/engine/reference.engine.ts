import { Engine, type RuleProperties, type RuleResult } from 'json-rules-engine';
import { firedRuleName, type Facts, type FiredRule, type RuleEvaluator, type RuleEvent } from './fired-rule';

/**
 * json-rules-engine itself, as the meaning every other evaluator must reproduce.
 *
 * A new Engine per evaluate(): an Engine's `status` is instance-wide, and run() sets it to FINISHED
 * when it completes, so one Engine shared by overlapping run() calls silently skips the remaining
 * priority groups of every run still in flight (evaluateRules() resolves skipped rules as undefined,
 * no error). The Engine is also given deep copies of the rules: constructing a Condition rewrites its
 * `priority` in place (parseInt), which must not leak into the caller's rule set.
 *
 * Facts are handed to run() as runtime facts with `allowUndefinedFacts: true`: a fact the object
 * does not have (not enumerated by for..in) is the value `undefined` - no error - and every operator
 * compares that undefined: `equal` only matches an undefined value, `notEqual` always holds, the
 * numeric operators fail their number check, `in` looks undefined up in the list. A missing fact with
 * a `path` is also undefined (the path is not applied), a present fact that is not an object is
 * compared as it is, path or not.
 *
 * Rules reach evaluate() as JSON-compatible data (structuredClone must copy them); facts as plain
 * objects whose values are data (a function value would be taken as a dynamic fact).
 */
export function createReferenceEvaluator(rules: unknown[]): RuleEvaluator {
  // A private copy (the caller may change its rules later), then one Engine up front so an invalid
  // rule set fails here, the way the compiler fails.
  const copy = structuredClone(rules);
  newEngine(copy);
  return {
    kind: 'reference',
    async evaluate(facts: Facts): Promise<FiredRule[]> {
      const engine = newEngine(copy);
      const fired: FiredRule[] = [];
      // The listener runs synchronously inside the engine's emitAsync('success'), so this is the
      // emission order (the same order as run()'s `results`).
      engine.on('success', (_event, _almanac, ruleResult: RuleResult) => {
        fired.push({
          name: firedRuleName(ruleResult.name),
          // Rule always sets both; the typings mark them optional.
          priority: ruleResult.priority as number,
          event: ruleResult.event as RuleEvent,
        });
      });
      await engine.run(facts as Record<string, unknown>);
      return fired;
    },
  };
}

function newEngine(rules: unknown[]): Engine {
  return new Engine(structuredClone(rules) as RuleProperties[], { allowUndefinedFacts: true });
}
