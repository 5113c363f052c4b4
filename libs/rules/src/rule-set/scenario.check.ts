import { isCalendarDate } from '@app/domain';
import type { DeclaredFacts } from './fact-declaration.check';
import { describeType, reservedMessage } from './fact-declaration.check';
import { isReservedName } from './fact-catalog.const';
import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';
import { factValueOf } from './resolve-facts';

/**
 * Semantic checks of a document's scenario tests (`tests`) and of each rule's legal basis: what the
 * schema cannot say. A scenario must be runnable as written — unique name, a real as-of date, only
 * declared facts, each of its type, every fact without a default given — and expect only what the
 * rule set can produce (its tiers, its rules, its trigger codes). Whether it passes is the scenario
 * runner's business, not the validator's.
 */

export interface ScenarioContext {
  kind: unknown;
  facts: DeclaredFacts;
  /** Declarations as written, for defaults (undefined when `facts` is not an object). */
  declarations: Readonly<Record<string, unknown>> | undefined;
  /** The outcome's tiers (tiering), when there is a list to check against. */
  tiers: readonly string[] | undefined;
  rules: readonly unknown[] | undefined;
}

export function checkScenarios(tests: unknown, context: ScenarioContext, report: Report): void {
  if (!Array.isArray(tests)) return;
  const ruleNames = new Set<string>();
  const codes = new Set<string>();
  for (const rule of context.rules ?? []) {
    if (!isRecord(rule)) continue;
    if (typeof rule.name === 'string') ruleNames.add(rule.name);
    const params = isRecord(rule.event) ? rule.event.params : undefined;
    if (isRecord(params) && typeof params.code === 'string') codes.add(params.code);
  }
  const firstByName = new Map<string, number>();
  tests.forEach((scenario, i) => {
    if (!isRecord(scenario)) return;
    const at: PathSegment[] = ['tests', i];
    if (typeof scenario.name === 'string') {
      const first = firstByName.get(scenario.name);
      if (first === undefined) firstByName.set(scenario.name, i);
      else
        report(
          [...at, 'name'],
          `duplicate scenario name ${JSON.stringify(scenario.name)} (first at tests[${first}])`,
        );
    }
    if (typeof scenario.asOf === 'string' && !isCalendarDate(scenario.asOf)) {
      report([...at, 'asOf'], `must be a calendar date YYYY-MM-DD, not ${JSON.stringify(scenario.asOf)}`);
    }
    if (isRecord(scenario.facts)) checkScenarioFacts(scenario.facts, context, [...at, 'facts'], report);
    if (isRecord(scenario.expect)) {
      checkExpectation(scenario.expect, context, ruleNames, codes, [...at, 'expect'], report);
    }
  });
}

function checkScenarioFacts(
  facts: Record<string, unknown>,
  context: ScenarioContext,
  at: PathSegment[],
  report: Report,
): void {
  for (const [name, value] of Object.entries(facts)) {
    if (isReservedName(name)) {
      report([...at, name], reservedMessage('fact name', name));
      continue;
    }
    if (!context.facts.has(name)) {
      report([...at, name], `fact ${JSON.stringify(name)} is not declared in facts`);
      continue;
    }
    const type = context.facts.get(name);
    if (type === undefined || value === null) continue;
    // A non-finite number is reported once, by the overflow check.
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    if (factValueOf(type, value) === undefined) {
      report(
        [...at, name],
        `fact ${JSON.stringify(name)} is ${describeType(type)}, not ${JSON.stringify(value)}`,
      );
    }
  }
  const missing = [...context.facts.keys()].filter((name) => {
    const declaration = context.declarations?.[name];
    const given = Object.prototype.hasOwnProperty.call(facts, name) ? facts[name] : undefined;
    return (
      (given === undefined || given === null) && !(isRecord(declaration) && declaration.default !== undefined)
    );
  });
  if (missing.length > 0) {
    report(at, `give ${missing.map((m) => JSON.stringify(m)).join(', ')}: no default to fall back on`);
  }
}

function checkExpectation(
  expect: Record<string, unknown>,
  context: ScenarioContext,
  ruleNames: ReadonlySet<string>,
  codes: ReadonlySet<string>,
  at: PathSegment[],
  report: Report,
): void {
  if (context.kind === 'tiering' && typeof expect.tier === 'string' && context.tiers) {
    if (!context.tiers.includes(expect.tier)) {
      report(
        [...at, 'tier'],
        `tier ${JSON.stringify(expect.tier)} is not one of the outcome's tiers (${context.tiers.join(', ')})`,
      );
    }
  }
  if (Object.keys(expect).length === 0 && (context.kind === 'frequency' || context.kind === 'triggers')) {
    const keys =
      context.kind === 'frequency'
        ? 'ratio, visitsPerYear, minIntervalDays, excludedFromRandomDraw, firedRules'
        : 'triggers, firedRules';
    report(at, `expect at least one of ${keys}`);
  }
  if (Array.isArray(expect.firedRules)) {
    expect.firedRules.forEach((name, j) => {
      if (typeof name === 'string' && !ruleNames.has(name))
        report([...at, 'firedRules', j], `no rule is named ${JSON.stringify(name)}`);
    });
  }
  if (context.kind === 'triggers' && Array.isArray(expect.triggers)) {
    expect.triggers.forEach((code, j) => {
      if (typeof code === 'string' && !codes.has(code))
        report(
          [...at, 'triggers', j],
          `no rule fires a trigger with code ${JSON.stringify(code)} (${[...codes].join(', ') || 'none'})`,
        );
    });
  }
}

/** A rule's `basis`: the link, when given, must be an https URL that parses. */
export function checkBasis(basis: unknown, at: PathSegment[], report: Report): void {
  if (!isRecord(basis) || typeof basis.url !== 'string') return;
  let protocol: string | undefined;
  try {
    protocol = new URL(basis.url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:') {
    report([...at, 'url'], `must be an https:// link, not ${JSON.stringify(basis.url)}`);
  }
}

/**
 * Numbers JSON cannot hold: a literal beyond the double range (1e400) parses to Infinity, and a
 * document carrying one would compare or score against infinity. Reported wherever they are.
 */
export function checkFiniteNumbers(value: unknown, at: PathSegment[], report: Report): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) report(at, overflowMessage(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkFiniteNumbers(item, [...at, i], report));
    return;
  }
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) checkFiniteNumbers(item, [...at, key], report);
  }
}

export function overflowMessage(value: number): string {
  return Number.isNaN(value)
    ? 'is not a number (NaN)'
    : `number overflows: it is beyond ±1.8e308 (a literal such as 1e400) and would be read as ${value}`;
}
