import type { FiredRule, RuleEvaluator } from '../engine/fired-rule';
import { compileRules } from '../engine/rule.compiler';
import { decideFrequencyPolicy, asFrequencyRuleSet } from '../rule-set/frequency-policy';
import { resolveFacts, type FactValue } from '../rule-set/resolve-facts';
import { isRecord } from '../rule-set/json-guards.util';
import {
  RULE_SET_KINDS,
  type RuleSetDocument,
  type RuleSetKind,
  type RuleSetProblem,
  type Scenario,
} from '../rule-set/rule-set.types';
import { validateRuleSet } from '../rule-set/rule-set.validator';
import { decideOutcome } from '../rule-set/tier-outcome';
import { asTriggersRuleSet, decideTriggers } from '../rule-set/triggered-tasks';
import { defaultScenarios } from './default-scenarios.loader';
import { explainWhyNot } from './why-not';

/**
 * Scenario tests (issue 12, point 5): each scenario's facts go through the compiled rules and the
 * kind's outcome, and every key of `expect` must match what comes out. A document's own `tests` run;
 * without them, the kind's default scenarios (rules/scenarios/<kind>/, the shipped golden fixtures).
 * Pure apart from reading those defaults; synchronous, so an HTTP create or a CLI run can afford it.
 */

export interface ScenarioResult {
  name: string;
  passed: boolean;
  expected: unknown;
  /** What the rule set gives for the scenario's facts (every key of the kind, not only those expected). */
  actual: unknown;
  /** why it failed, in words (absent when passed) */
  message?: string;
}

export interface ScenarioReport {
  total: number;
  passed: number;
  failed: number;
  results: ScenarioResult[];
  /** Whose scenarios ran: the document's `tests`, the kind's defaults, or none at all. */
  source: 'document' | 'default' | 'none';
}

export interface RunScenariosOptions {
  /** Run these instead of the document's or the defaults. */
  scenarios?: readonly Scenario[];
  /** The rules/scenarios folder for the defaults (found above this file by default). */
  directory?: string;
}

/** Runs the document's own scenarios, or the kind's default (shipped golden) scenarios when it has none. */
export function runScenarios(ruleSet: RuleSetDocument, options: RunScenariosOptions = {}): ScenarioReport {
  const validation = validateRuleSet(ruleSet);
  if (!validation.ok) return invalidReport(ruleSet, options, validation.problems);
  const { scenarios, source } = scenariosOf(ruleSet, options);
  const run = scenarioEvaluator(ruleSet);
  const results = scenarios.map((scenario): ScenarioResult => {
    const outcome = run(scenario);
    if ('error' in outcome) {
      return {
        name: scenario.name,
        passed: false,
        expected: scenario.expect,
        actual: { error: outcome.error },
        message: outcome.error,
      };
    }
    // Why an expected rule did not fire, worked out only when one did not.
    const whyNot = (rule: string): string | undefined => {
      const explanation = explainWhyNot(ruleSet, scenario.facts, { firedRules: outcome.fired });
      return explanation.notFired.find((r) => r.rule === rule)?.failed?.text;
    };
    const mismatches = compare(scenario.expect as Record<string, unknown>, outcome.actual, whyNot);
    return {
      name: scenario.name,
      passed: mismatches.length === 0,
      expected: scenario.expect,
      actual: outcome.actual,
      ...(mismatches.length > 0 ? { message: mismatches.join('; ') } : {}),
    };
  });
  const passed = results.filter((r) => r.passed).length;
  return { total: results.length, passed, failed: results.length - passed, results, source };
}

/**
 * A document that does not validate (a stored draft with problems) runs nothing: each scenario it
 * names fails with the first problem, so a report is always there to show.
 */
function invalidReport(
  document: unknown,
  options: RunScenariosOptions,
  problems: readonly RuleSetProblem[],
): ScenarioReport {
  const message = `the rule set does not validate (${problems.length} problem${problems.length === 1 ? '' : 's'}; first: ${problems[0].path} ${problems[0].message}), so no scenario can run`;
  const doc = isRecord(document) ? document : {};
  const own = Array.isArray(doc.tests) && doc.tests.length > 0 ? (doc.tests as unknown[]) : undefined;
  const kind =
    typeof doc.kind === 'string' && (RULE_SET_KINDS as readonly string[]).includes(doc.kind)
      ? (doc.kind as RuleSetKind)
      : undefined;
  const scenarios: unknown[] = options.scenarios
    ? [...options.scenarios]
    : (own ?? (kind ? defaultScenarios(kind, options.directory) : []));
  const results = scenarios.map((scenario, i): ScenarioResult => {
    const name = isRecord(scenario) && typeof scenario.name === 'string' ? scenario.name : `tests[${i}]`;
    const expected = isRecord(scenario) ? scenario.expect : undefined;
    return { name, passed: false, expected, actual: { error: message }, message };
  });
  const source = options.scenarios || own ? 'document' : results.length > 0 ? 'default' : 'none';
  return { total: results.length, passed: 0, failed: results.length, results, source };
}

export function scenariosOf(
  ruleSet: RuleSetDocument,
  options: RunScenariosOptions = {},
): { scenarios: readonly Scenario[]; source: ScenarioReport['source'] } {
  if (options.scenarios) return { scenarios: options.scenarios, source: 'document' };
  if (ruleSet.tests && ruleSet.tests.length > 0) return { scenarios: ruleSet.tests, source: 'document' };
  const defaults = defaultScenarios(ruleSet.kind, options.directory).filter((s) =>
    scenarioApplies(s, ruleSet.version),
  );
  return { scenarios: defaults, source: defaults.length > 0 ? 'default' : 'none' };
}

/**
 * Whether a scenario holds for a version: always, unless its `since` names a later version (labels
 * compared numeric-aware, so 2026.10 comes after 2026.9). Only the kind's default scenarios are
 * filtered: a document's own tests all run.
 */
export function scenarioApplies(scenario: Pick<Scenario, 'since'>, version: string): boolean {
  return scenario.since === undefined || scenario.since.localeCompare(version, 'en', { numeric: true }) <= 0;
}

/** What one scenario gives: the kind's outcome with the rules that fired, or why it could not run. */
export type ScenarioOutcome =
  | { actual: Record<string, unknown>; fired: string[] }
  /** `fired`: the rules that fired when the failure came after evaluation (in the outcome). */
  | { error: string; fired?: string[] };

/** Compiles the rules once; the returned function runs one scenario. */
export function scenarioEvaluator(ruleSet: RuleSetDocument): (scenario: Scenario) => ScenarioOutcome {
  let evaluator: RuleEvaluator | undefined;
  let unavailable: string | undefined;
  try {
    const compiled = compileRules(ruleSet.rules);
    if (compiled.unsupported.length > 0) {
      unavailable = `the rules cannot be compiled (${compiled.unsupported.join('; ')}), so scenarios cannot run`;
    } else {
      evaluator = compiled.evaluator;
    }
  } catch (error) {
    unavailable = `json-rules-engine refuses the rules: ${errorText(error)}`;
  }
  const order = new Map(ruleSet.rules.map((rule, i) => [rule.name, i]));
  return (scenario) => {
    if (!evaluator) return { error: unavailable ?? 'no evaluator' };
    const resolved = resolveFacts(ruleSet, scenario.facts);
    if (!resolved.ok) {
      return { error: `facts: ${resolved.problems.map((p) => `${p.fact} ${p.message}`).join('; ')}` };
    }
    let fired: FiredRule[];
    try {
      fired = evaluator.evaluate(resolved.facts) as FiredRule[];
    } catch (error) {
      return { error: errorText(error) };
    }
    const firedRules = [...new Set(fired.map((rule) => rule.name))].sort(
      (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
    try {
      return { actual: outcomeOf(ruleSet, resolved.facts, fired, firedRules), fired: firedRules };
    } catch (error) {
      return { error: errorText(error), fired: firedRules };
    }
  };
}

function outcomeOf(
  ruleSet: RuleSetDocument,
  facts: Readonly<Record<string, FactValue>>,
  fired: FiredRule[],
  firedRules: string[],
): Record<string, unknown> {
  switch (ruleSet.kind) {
    case 'tiering': {
      const outcome = decideOutcome(ruleSet, fired);
      return { tier: outcome.tier, score: outcome.score, overridden: outcome.overridden, firedRules };
    }
    case 'frequency': {
      const frequency = asFrequencyRuleSet(ruleSet);
      const tierFact = Object.entries(frequency.facts).find(([, d]) => d.from === 'assessment.tier')?.[0];
      if (tierFact === undefined) throw new Error('no fact is declared from assessment.tier');
      const tier = facts[tierFact];
      if (typeof tier !== 'string') throw new Error(`fact ${tierFact} (the tier) must be a string`);
      const policy = decideFrequencyPolicy(frequency, tier, facts, fired);
      return {
        tier,
        ratio: policy.ratio,
        visitsPerYear: policy.visitsPerYear,
        minIntervalDays: policy.minIntervalDays,
        excludedFromRandomDraw: policy.excludedFromRandomDraw,
        firedRules,
      };
    }
    case 'triggers': {
      const { triggers } = decideTriggers(asTriggersRuleSet(ruleSet), facts, fired);
      return { triggers: triggers.map((t) => t.code), firedRules };
    }
    default:
      return { firedRules };
  }
}

/** Lists compare as sets (the order rules fire in is the engine's business); other values exactly. */
function compare(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  whyNot: (rule: string) => string | undefined,
): string[] {
  const mismatches: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (Array.isArray(want)) {
      const have = Array.isArray(got) ? got.map(String) : [];
      const missing = want.map(String).filter((item) => !have.includes(item));
      const extra = have.filter((item) => !want.map(String).includes(item));
      if (missing.length > 0 || extra.length > 0) {
        const explained =
          key === 'firedRules'
            ? missing.map((rule) => {
                const why = whyNot(rule);
                return why ? `${rule} (${why})` : rule;
              })
            : missing;
        const parts = [
          missing.length > 0 ? `expected but not fired ${explained.join(', ')}` : '',
          extra.length > 0 ? `fired but not expected ${extra.join(', ')}` : '',
        ].filter(Boolean);
        mismatches.push(`${key}: ${parts.join('; ')}`);
      }
    } else if (got !== want) {
      mismatches.push(`${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  }
  return mismatches;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
