import type { Facts } from '../engine/fired-rule';
import { epochDayOf } from './epoch-day.util';
import { isReservedName, type FactType } from './fact-catalog.const';
import type { FactDeclaration, RuleSetDocument } from './rule-set.types';

/**
 * The facts the rules see: exactly the declared ones, each of its declared type, a missing one
 * replaced by its default. A fact that is missing without a default, or of the wrong type, is a
 * problem for that enterprise (its assessment fails with the reason), never a silent tier.
 */

export type FactValue = number | boolean | string | readonly string[];

export interface FactProblem {
  fact: string;
  message: string;
}

export type ResolvedFacts =
  { ok: true; facts: Readonly<Record<string, FactValue>> } | { ok: false; problems: FactProblem[] };

/** Declared fact names in sorted order, once per declarations object (batch runs resolve millions). */
const sortedNames = new WeakMap<object, string[]>();

export function resolveFacts(ruleSet: Pick<RuleSetDocument, 'facts'>, raw: Facts): ResolvedFacts {
  const facts: Record<string, FactValue> = {};
  const problems: FactProblem[] = [];
  let names = sortedNames.get(ruleSet.facts);
  if (!names) {
    names = Object.keys(ruleSet.facts).sort();
    sortedNames.set(ruleSet.facts, names);
  }
  for (const name of names) {
    if (isReservedName(name)) {
      // The validator refuses these names; an unvalidated document must not lose the fact silently
      // (assigning __proto__ on a plain object sets its prototype, not a property).
      problems.push({
        fact: name,
        message: 'is a reserved name (JavaScript object machinery): rename the fact',
      });
      continue;
    }
    const declaration: FactDeclaration = ruleSet.facts[name];
    const given = Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined;
    if (given === undefined || given === null) {
      if (declaration.default === undefined) {
        problems.push({ fact: name, message: 'could not be derived and has no default' });
        continue;
      }
      // Defaults were checked against the type when the rule set was validated.
      facts[name] = factValueOf(declaration.type, declaration.default)!;
      continue;
    }
    const value = factValueOf(declaration.type, given);
    if (value === undefined) {
      problems.push({
        fact: name,
        message:
          typeof given === 'number' && !Number.isFinite(given)
            ? `must be ${expected(declaration.type)}, got ${String(given)}: a number beyond ±1.8e308 (such as 1e400) overflows`
            : `must be ${expected(declaration.type)}, got ${JSON.stringify(given)}`,
      });
    } else {
      facts[name] = value;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, facts };
}

/** The value as the rules must see it, or undefined when it is not of the type. */
export function factValueOf(type: FactType, value: unknown): FactValue | undefined {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'date':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
      return typeof value === 'string' ? epochDayOf(value) : undefined;
    case 'string[]': {
      if (!Array.isArray(value)) return undefined;
      const items = value.filter((v): v is string => typeof v === 'string');
      return items.length === value.length ? items : undefined;
    }
  }
}

function expected(type: FactType): string {
  switch (type) {
    case 'date':
      return 'a date (YYYY-MM-DD or days since 1970-01-01)';
    case 'string[]':
      return 'a list of strings';
    default:
      return `a ${type}`;
  }
}
