import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules } from '../engine/rule.compiler';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { evaluateRuleSet } from './evaluate-rule-set';
import { resolveFacts } from './resolve-facts';
import type { RuleSetDocument, RuleSetProblem } from './rule-set.types';
import { validateRuleSet } from './rule-set.validator';

/**
 * Issue 12, point 12: names that are JavaScript object machinery (`__proto__`, `constructor`,
 * `prototype`) and numbers that overflow a double (1e400 parses to Infinity) are refused by name and
 * path, never silently dropped or compared against infinity.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const TEXT = readFileSync(join(__dirname, '../../../../rules/tiering/2026.1.json'), 'utf8');
const shipped = (): Json => JSON.parse(TEXT) as Json;

function problemsOf(doc: unknown): RuleSetProblem[] {
  const result = validateRuleSet(doc);
  return result.ok ? [] : result.problems;
}

/** The shipped tiering set with `serious_penalties_3y` renamed, in the JSON text itself. */
function renamed(name: string): Json {
  return JSON.parse(TEXT.replace(/"serious_penalties_3y"/g, JSON.stringify(name))) as Json;
}

const reserved = (what: string, name: string): string =>
  `${what} ${JSON.stringify(name)} is reserved (JavaScript object machinery: it would be lost or misread as data); rename it`;

describe('reserved names', () => {
  it('a fact named __proto__ is named as a problem, never lost', async () => {
    // What happened before: JSON.parse keeps "__proto__" as an own key of facts and the rules read
    // it, but the plain object resolveFacts built swallowed the assignment (it sets the prototype),
    // so the rule saw no fact and the firm was tiered as if it had no serious penalty.
    const plain: Record<string, unknown> = {};
    plain['__proto__'] = 2;
    expect(Object.keys(plain)).toEqual([]);
    const doc = renamed('__proto__') as RuleSetDocument;
    const facts: Record<string, unknown> = JSON.parse(
      readFileSync(
        join(__dirname, '../../../../rules/scenarios/tiering/serious-penalties-repeated.json'),
        'utf8',
      ).replace(/"serious_penalties_3y"/g, '"__proto__"'),
    ).facts;
    expect(Object.prototype.hasOwnProperty.call(facts, '__proto__')).toBe(true);
    // Now: refused before use, and resolveFacts names the fact rather than dropping it.
    expect(resolveFacts(doc, facts)).toEqual({
      ok: false,
      problems: [
        { fact: '__proto__', message: 'is a reserved name (JavaScript object machinery): rename the fact' },
      ],
    });
    await expect(evaluateRuleSet(doc, facts, compileRules(doc.rules).evaluator)).rejects.toThrow(
      /__proto__ is a reserved name/,
    );
    await expect(evaluateRuleSet(doc, facts, createReferenceEvaluator(doc.rules))).rejects.toThrow(
      /__proto__ is a reserved name/,
    );
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a fact named %s, with its path', (name) => {
    const problems = problemsOf(renamed(name));
    expect(problems).toContainEqual({ path: `facts.${name}`, message: reserved('fact name', name) });
    expect(problems.filter((p) => p.path === `facts.${name}`)).toHaveLength(1);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses payload.%s in where and field', (name) => {
    const doc = shipped();
    doc.facts.general_penalties_3y.count.where = JSON.parse(`{ "payload.${name}": "x" }`);
    doc.facts.latest_tax_grade.latest.field = `payload.${name}`;
    expect(problemsOf(doc)).toEqual([
      {
        path: `facts.general_penalties_3y.count.where["payload.${name}"]`,
        message: reserved('payload key', name),
      },
      { path: 'facts.latest_tax_grade.latest.field', message: reserved('payload key', name) },
    ]);
  });

  it('still accepts names that merely contain them', () => {
    const doc = renamed('constructor_count');
    doc.facts.general_penalties_3y.count.where = { 'payload.prototype_id': 'x' };
    expect(problemsOf(doc)).toEqual([]);
  });

  it('refuses them as scenario fact names', () => {
    const doc = shipped();
    doc.tests = [{ name: 's', facts: JSON.parse('{ "__proto__": 1 }'), expect: { tier: 'A' } }];
    expect(problemsOf(doc)).toContainEqual({
      path: 'tests[0].facts.__proto__',
      message: reserved('fact name', '__proto__'),
    });
  });
});

describe('numbers that overflow', () => {
  const overflow =
    'number overflows: it is beyond ±1.8e308 (a literal such as 1e400) and would be read as Infinity';

  it('are reported at their path wherever they are in a rule document', () => {
    const text = TEXT.replace('"value": 1\n', '"value": 1e400\n')
      .replace('"points": -35', '"points": -1e400')
      .replace('"base": 100', '"base": 1e999');
    expect(problemsOf(JSON.parse(text))).toEqual([
      { path: 'outcome.base', message: overflow },
      {
        path: 'rules[3].conditions.all[0].value',
        rule: 'serious-penalty',
        message: overflow,
      },
      {
        path: 'rules[3].event.params.points',
        rule: 'serious-penalty',
        message:
          'number overflows: it is beyond ±1.8e308 (a literal such as 1e400) and would be read as -Infinity',
      },
    ]);
  });

  it('are reported in scenario facts and in evaluated facts, as overflows', () => {
    const doc = shipped();
    doc.tests = [{ name: 's', facts: JSON.parse('{ "registered_capital": 1e400 }'), expect: { tier: 'A' } }];
    expect(problemsOf(doc)).toContainEqual({ path: 'tests[0].facts.registered_capital', message: overflow });
    const resolved = resolveFacts(
      shipped() as RuleSetDocument,
      JSON.parse('{ "registered_capital": 1e400 }'),
    );
    expect(resolved.ok ? [] : resolved.problems).toContainEqual({
      fact: 'registered_capital',
      message: 'must be a number, got Infinity: a number beyond ±1.8e308 (such as 1e400) overflows',
    });
  });
});
