import { canonicalJson, RULE_SET_KINDS, sha256Hex } from '@app/domain';
import fc from 'fast-check';
import { createReferenceEvaluator } from '../engine/reference.engine';
import { validateRuleSet } from './rule-set.validator';
import type { RuleSetProblem } from './rule-set.types';

type Json = Record<string, unknown>;

/** The container at `path` ('rules.0.event.params'), to edit a test document without casts at each step. */
function node(doc: Json, path: string): Record<string | number, unknown> {
  let current: unknown = doc;
  for (const key of path.split('.').filter((k) => k !== '')) {
    current = (current as Record<string, unknown>)[key];
  }
  return current as Record<string | number, unknown>;
}

/** Sets `path`'s last key in its container; undefined deletes it. */
function set(doc: Json, path: string, value: unknown): void {
  const cut = path.lastIndexOf('.');
  const container = node(doc, path.slice(0, Math.max(cut, 0)));
  const key = path.slice(cut + 1);
  if (value === undefined) delete container[key];
  else container[key] = value;
}

function push(doc: Json, path: string, ...values: unknown[]): void {
  (node(doc, path) as unknown as unknown[]).push(...values);
}

/** The envelope of DESIGN.md, valid as it stands; each test breaks one thing in a copy. */
function validDocument(): Json {
  return {
    kind: 'tiering',
    version: '2026.1',
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    description: 'Credit risk tiering A-D',
    facts: {
      years_in_business: { type: 'number', from: 'enterprise.age_years' },
      tags: { type: 'string[]', from: 'enterprise.tags' },
      general_penalties_3y: {
        type: 'number',
        count: {
          recordType: 'administrative_penalty',
          where: { severity: 'general' },
          window: 'P3Y',
          excludeRepaired: true,
        },
      },
      on_serious_dishonesty_list: {
        type: 'boolean',
        exists: { recordType: 'serious_dishonesty_listing', where: { 'payload.removedOn': null } },
      },
      latest_tax_grade: {
        type: 'string',
        latest: { recordType: 'tax_credit_grade', field: 'payload.grade' },
        default: 'M',
      },
      last_penalty_on: {
        type: 'date',
        max: { recordType: 'administrative_penalty', field: 'occurred_on' },
        default: '1970-01-01',
      },
    },
    rules: [
      {
        name: 'general-penalty',
        priority: 10,
        conditions: { all: [{ fact: 'general_penalties_3y', operator: 'greaterThanInclusive', value: 1 }] },
        event: {
          type: 'score',
          params: { points: -15, factor: 'general_penalties_3y', reason: '一般行政处罚(近3年)' },
        },
      },
      {
        name: 'serious-dishonesty',
        conditions: { any: [{ fact: 'on_serious_dishonesty_list', operator: 'equal', value: true }] },
        event: {
          type: 'override',
          params: {
            tier: 'D',
            mode: 'set',
            factor: 'on_serious_dishonesty_list',
            reason: '严重违法失信名单',
          },
        },
      },
    ],
    outcome: {
      base: 100,
      tiers: [
        { tier: 'A', min: 90 },
        { tier: 'B', min: 70 },
        { tier: 'C', min: 50 },
        { tier: 'D', min: null },
      ],
    },
  };
}

function problemsOf(edit: (doc: Json) => void): RuleSetProblem[] {
  const doc = validDocument();
  edit(doc);
  const result = validateRuleSet(doc);
  return result.ok ? [] : result.problems;
}

/** A rule whose single condition is `condition`, appended as rules[2]. */
function withCondition(condition: Json): (doc: Json) => void {
  return (doc) =>
    push(doc, 'rules', {
      name: 'probe',
      conditions: { all: [condition] },
      event: { type: 'score', params: { points: -1, factor: 'probe', reason: '测试' } },
    });
}

const at = (path: string, message: string): RuleSetProblem => ({ path, message });
const inRule = (rule: string, path: string, message: string): RuleSetProblem => ({ path, rule, message });

describe('validateRuleSet', () => {
  describe('a valid document', () => {
    it('is accepted with the checksum of its canonical JSON', () => {
      const doc = validDocument();
      const result = validateRuleSet(doc);
      expect(result).toEqual({ ok: true, ruleSet: doc, checksum: sha256Hex(canonicalJson(doc)) });
    });

    it('has a checksum that ignores key order and changes with content', () => {
      const a = validateRuleSet(validDocument());
      const reordered = Object.fromEntries(Object.entries(validDocument()).reverse());
      const b = validateRuleSet(reordered);
      const changed = validDocument();
      set(changed, 'outcome.base', 99);
      const c = validateRuleSet(changed);
      expect(a.ok && b.ok && c.ok).toBe(true);
      if (a.ok && b.ok && c.ok) {
        expect(b.checksum).toBe(a.checksum);
        expect(c.checksum).not.toBe(a.checksum);
      }
    });

    it('accepts decorated operators, fact-to-fact values, lists and dates compared as day numbers', () => {
      const problems = problemsOf((doc) => {
        withCondition({ fact: 'tags', operator: 'contains', value: 'food' })(doc);
        push(
          doc,
          'rules.2.conditions.all',
          { fact: 'tags', operator: 'someFact:in', value: ['food', 'drugs'] },
          { fact: 'latest_tax_grade', operator: 'not:in', value: ['C', 'D'] },
          { fact: 'general_penalties_3y', operator: 'greaterThan', value: { fact: 'years_in_business' } },
          { fact: 'last_penalty_on', operator: 'greaterThanInclusive', value: 20454 },
          { not: { fact: 'tags', operator: 'swap:in', value: { fact: 'latest_tax_grade' } } },
        );
      });
      expect(problems).toEqual([]);
    });

    it('does not apply tiering event rules to other kinds (each kind checks its own outcome)', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'kind', 'repair');
        set(doc, 'outcome', { visitsPerYear: { A: 0 } });
        set(doc, 'rules.0.event', { type: 'visits', params: { visits: 2, factor: 'tier', reason: '频次' } });
      });
      // The repair outcome's own problems, and none about the tiering-shaped event.
      expect(problems.map((p) => p.path)).toEqual(['outcome.neverEarly', 'outcome.profiles']);
    });
  });

  describe('facts used by rules', () => {
    it('reports an undeclared fact with the rule name and its path', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.conditions.all.0.fact', 'general_penalties_5y');
      });
      expect(problems).toEqual([
        inRule(
          'general-penalty',
          'rules[0].conditions.all[0].fact',
          'fact "general_penalties_5y" is not declared in facts',
        ),
      ]);
    });

    it('reports an undeclared fact on the value side of a fact-to-fact comparison', () => {
      const problems = problemsOf(
        withCondition({ fact: 'years_in_business', operator: 'lessThan', value: { fact: 'age' } }),
      );
      expect(problems).toEqual([
        inRule('probe', 'rules[2].conditions.all[0].value.fact', 'fact "age" is not declared in facts'),
      ]);
    });

    it('finds facts at any depth of all/any/not', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.1.conditions', {
          any: [{ all: [{ not: { fact: 'nope', operator: 'equal', value: true } }] }],
        });
      });
      expect(problems).toEqual([
        inRule(
          'serious-dishonesty',
          'rules[1].conditions.any[0].all[0].not.fact',
          'fact "nope" is not declared in facts',
        ),
      ]);
    });
  });

  describe('operators', () => {
    it('reports an operator json-rules-engine does not have', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.conditions.all.0.operator', 'greaterThen');
      });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        path: 'rules[0].conditions.all[0].operator',
        rule: 'general-penalty',
      });
      expect(problems[0].message).toBe(
        'unknown operator "greaterThen"; json-rules-engine\'s built-ins are equal, notEqual, in, notIn, contains, ' +
          'doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, optionally decorated with ' +
          'someFact:, someValue:, everyFact:, everyValue:, swap:, not:',
      );
    });

    it('reports an unknown decorator', () => {
      const problems = problemsOf(
        withCondition({ fact: 'latest_tax_grade', operator: 'never:equal', value: 'A' }),
      );
      expect(problems.map((p) => p.path)).toEqual(['rules[2].conditions.all[0].operator']);
    });
  });

  describe('value types', () => {
    it('reports a number fact compared with a string', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.conditions.all.0.value', '1');
      });
      expect(problems).toEqual([
        inRule(
          'general-penalty',
          'rules[0].conditions.all[0].value',
          'fact "general_penalties_3y" is a number: compare it with a number, not a string',
        ),
      ]);
    });

    it('reports a boolean fact compared with a number', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.1.conditions.any.0.value', 1);
      });
      expect(problems).toEqual([
        inRule(
          'serious-dishonesty',
          'rules[1].conditions.any[0].value',
          'fact "on_serious_dishonesty_list" is a boolean: compare it with a boolean, not a number',
        ),
      ]);
    });

    it('reports in without an array', () => {
      const problems = problemsOf(withCondition({ fact: 'latest_tax_grade', operator: 'in', value: 'C' }));
      expect(problems).toEqual([
        inRule('probe', 'rules[2].conditions.all[0].value', 'in needs an array of values, not a string'),
      ]);
    });

    it('reports the one item of an in list that has the wrong type, at its index', () => {
      const problems = problemsOf(
        withCondition({ fact: 'latest_tax_grade', operator: 'notIn', value: ['C', 4] }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].value[1]',
          'fact "latest_tax_grade" is a string: compare it with a string, not a number',
        ),
      ]);
    });

    it('reports a date fact compared with a date string (dates reach rules as day numbers)', () => {
      const problems = problemsOf(
        withCondition({ fact: 'last_penalty_on', operator: 'greaterThan', value: '2025-01-01' }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].value',
          'fact "last_penalty_on" is a date (dates reach rules as days since 1970-01-01): compare it with a number, not a string',
        ),
      ]);
    });

    it('reports a numeric operator on a string fact', () => {
      const problems = problemsOf(
        withCondition({ fact: 'latest_tax_grade', operator: 'lessThan', value: 3 }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].operator',
          'lessThan compares numbers, but fact "latest_tax_grade" is a string',
        ),
      ]);
    });

    it('reports contains on a fact that is not a list', () => {
      const problems = problemsOf(
        withCondition({ fact: 'latest_tax_grade', operator: 'contains', value: 'A' }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].operator',
          'contains needs a list, but fact "latest_tax_grade" is a string',
        ),
      ]);
    });

    it('reports equal on a list fact, which never matches', () => {
      const problems = problemsOf(withCondition({ fact: 'tags', operator: 'equal', value: 'food' }));
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].operator',
          'equal compares single values, but fact "tags" is a list of strings: use contains',
        ),
      ]);
    });

    it('reports two facts of different types compared with each other', () => {
      const problems = problemsOf(
        withCondition({ fact: 'years_in_business', operator: 'equal', value: { fact: 'latest_tax_grade' } }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].value.fact',
          'fact "years_in_business" is a number but fact "latest_tax_grade" is a string: equal cannot compare them',
        ),
      ]);
    });

    it('checks the items of a list fact under someFact', () => {
      const problems = problemsOf(withCondition({ fact: 'tags', operator: 'someFact:equal', value: 3 }));
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].value',
          'fact "tags" holds strings: compare it with a string, not a number',
        ),
      ]);
    });

    it('reports someFact on a fact that is not a list', () => {
      const problems = problemsOf(
        withCondition({ fact: 'years_in_business', operator: 'someFact:equal', value: 3 }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].operator',
          'someFact needs a list, but fact "years_in_business" is a number',
        ),
      ]);
    });
  });

  describe('paths into facts', () => {
    it('reports a path into a number fact', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.conditions.all.0.path', '$.count');
      });
      expect(problems).toEqual([
        inRule(
          'general-penalty',
          'rules[0].conditions.all[0].path',
          'fact "general_penalties_3y" is a number and has no properties: remove path',
        ),
      ]);
    });

    it('reports a path into a string fact on the value side', () => {
      const problems = problemsOf(
        withCondition({
          fact: 'tags',
          operator: 'contains',
          value: { fact: 'latest_tax_grade', path: '$.x' },
        }),
      );
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0].value.path',
          'fact "latest_tax_grade" is a string and has no properties: remove path',
        ),
      ]);
    });
  });

  describe('condition structure', () => {
    it('reports a root that is not all, any or not', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.conditions', { fact: 'general_penalties_3y', operator: 'greaterThan', value: 0 });
      });
      expect(problems).toEqual([
        inRule(
          'general-penalty',
          'rules[0].conditions',
          'the root of conditions must hold exactly one of all, any or not',
        ),
      ]);
    });

    it('reports a condition reference, which needs shared conditions a rule set cannot declare', () => {
      const problems = problemsOf(withCondition({ condition: 'isFood' }));
      expect(problems).toEqual([
        inRule(
          'probe',
          'rules[2].conditions.all[0]',
          'condition references ("isFood") need shared conditions, which a rule set does not have: write the conditions out',
        ),
      ]);
    });
  });

  describe('rules and events', () => {
    it('reports a duplicate rule name at the second one', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.1.name', 'general-penalty');
      });
      expect(problems).toEqual([
        inRule(
          'general-penalty',
          'rules[1].name',
          'duplicate rule name "general-penalty" (first at rules[0])',
        ),
      ]);
    });

    it('reports a tiering event that is neither score nor override', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.event.type', 'points');
      });
      expect(problems).toEqual([
        inRule(
          'general-penalty',
          'rules[0].event.type',
          'tiering rules fire "score" or "override" events, not "points"',
        ),
      ]);
    });

    it('reports score points that are not an integer', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.event.params.points', -7.5);
      });
      expect(problems).toEqual([
        inRule('general-penalty', 'rules[0].event.params.points', 'points must be an integer'),
      ]);
    });

    it('reports a score event without points', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.event.params.points', undefined);
      });
      expect(problems).toEqual([
        inRule('general-penalty', 'rules[0].event.params.points', 'a score event needs integer points'),
      ]);
    });

    it("reports an override tier that is not among the outcome's tiers", () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.1.event.params.tier', 'E');
      });
      expect(problems).toEqual([
        inRule(
          'serious-dishonesty',
          'rules[1].event.params.tier',
          'tier "E" is not one of the outcome\'s tiers (A, B, C, D)',
        ),
      ]);
    });

    it('reports an override mode other than set or cap', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.1.event.params.mode', 'floor');
      });
      expect(problems).toEqual([
        inRule(
          'serious-dishonesty',
          'rules[1].event.params.mode',
          'mode must be "set" (exactly this tier) or "cap" (this tier at best, worse stays worse)',
        ),
      ]);
    });

    it('reports an event without a reason or with a blank factor', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.event.params.reason', undefined);
        set(doc, 'rules.1.event.params.factor', '  ');
      });
      expect(problems).toEqual([
        inRule('general-penalty', 'rules[0].event.params.reason', 'every event needs a non-empty reason'),
        inRule('serious-dishonesty', 'rules[1].event.params.factor', 'every event needs a non-empty factor'),
      ]);
    });
  });

  describe('outcome', () => {
    it('reports tiers whose mins do not strictly descend', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'outcome.tiers.2.min', 70);
      });
      expect(problems).toEqual([
        at(
          'outcome.tiers[2].min',
          'tiers go best first with strictly descending mins: 70 is not below 70 (tier "B")',
        ),
      ]);
    });

    it('reports a last tier with a min, which leaves low scores without a tier', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'outcome.tiers.3.min', 0);
      });
      expect(problems).toEqual([
        at(
          'outcome.tiers[3].min',
          'the last tier must have min null, so that every score lower than the other mins still gets a tier',
        ),
      ]);
    });

    it('reports a catch-all that is not last', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'outcome.tiers.1.min', null);
      });
      expect(problems).toEqual([
        at('outcome.tiers[1].min', 'only the last tier may have min null (it catches every lower score)'),
      ]);
    });

    it('reports a tier listed twice', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'outcome.tiers.1.tier', 'A');
      });
      expect(problems).toEqual([at('outcome.tiers[1].tier', 'tier "A" is listed twice')]);
    });

    it('requires an outcome for tiering', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'outcome', undefined);
      });
      expect(problems).toEqual([at('outcome', 'is required')]);
    });

    it('accepts five tiers, A to E', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'outcome.tiers', [
          { tier: 'A', min: 90 },
          { tier: 'B', min: 75 },
          { tier: 'C', min: 60 },
          { tier: 'D', min: 40 },
          { tier: 'E', min: null },
        ]);
        set(doc, 'rules.1.event.params.tier', 'E');
      });
      expect(problems).toEqual([]);
    });
  });

  describe('fact declarations', () => {
    it('reports an unknown record type', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.general_penalties_3y.count.recordType', 'penalty');
      });
      expect(problems).toEqual([
        at(
          'facts.general_penalties_3y.count.recordType',
          'unknown record type "penalty"; one of administrative_penalty, abnormal_operation_listing, ' +
            'serious_dishonesty_listing, spot_check_result, annual_report, tax_credit_grade, court_enforcement, ' +
            'commendation, license_revocation, enforcement_measure, algorithm_filing, data_security_record, ' +
            'complaint, monitoring_alert, public_opinion, platform_risk_signal',
        ),
      ]);
    });

    it('reports an unknown where field, quoting a key that is not an identifier', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.on_serious_dishonesty_list.exists.where', { removedOn: null });
      });
      expect(problems).toEqual([
        at(
          'facts.on_serious_dishonesty_list.exists.where.removedOn',
          'unknown field "removedOn": filter on severity or payload.<name>',
        ),
      ]);
    });

    it('reports a severity the record type never has', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.general_penalties_3y.count.where.severity', ['general', 'high']);
      });
      expect(problems).toEqual([
        at(
          'facts.general_penalties_3y.count.where.severity[1]',
          'severity of administrative_penalty is one of minor, general, serious; "high" never matches',
        ),
      ]);
    });

    it('reports an unknown or unsuitable field of sum, max and latest', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.latest_tax_grade.latest.field', 'grade');
        set(doc, 'facts.fines', {
          type: 'number',
          sum: { recordType: 'administrative_penalty', field: 'severity' },
        });
      });
      expect(problems).toEqual([
        at('facts.fines.sum.field', 'sum adds up a payload field (payload.<name>), not severity'),
        at(
          'facts.latest_tax_grade.latest.field',
          'unknown field "grade": use payload.<name>, occurred_on or severity',
        ),
      ]);
    });

    it('reports an unknown enterprise attribute', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.years_in_business.from', 'enterprise.age');
      });
      expect(problems).toHaveLength(1);
      expect(problems[0].path).toBe('facts.years_in_business.from');
      expect(problems[0].message).toMatch(
        /^unknown enterprise attribute "enterprise.age"; one of enterprise.age_years, /,
      );
    });

    it('reports an invalid ISO-8601 window', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.general_penalties_3y.count.window', '3 years');
      });
      expect(problems).toEqual([
        at(
          'facts.general_penalties_3y.count.window',
          'invalid ISO-8601 window "3 years": use years, months, weeks or days, e.g. P3Y, P6M, P30D',
        ),
      ]);
    });

    it.each(['P', 'P0D', 'PT12H', 'P1.5Y', 'p3y'])('refuses the window %s', (window) => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.general_penalties_3y.count.window', window);
      });
      expect(problems.map((p) => p.path)).toEqual(['facts.general_penalties_3y.count.window']);
    });

    it('reports excludeRepaired on a risk record type', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.complaints_1y', {
          type: 'number',
          count: { recordType: 'complaint', window: 'P1Y', excludeRepaired: true },
        });
      });
      expect(problems).toEqual([
        at(
          'facts.complaints_1y.count.excludeRepaired',
          'excludeRepaired applies to credit records only; complaint is a risk record and is never repaired',
        ),
      ]);
    });

    it('reports a default of the wrong type', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.latest_tax_grade.default', 3);
        set(doc, 'facts.last_penalty_on.default', '2026-02-30');
      });
      expect(problems).toEqual([
        at(
          'facts.last_penalty_on.default',
          'default must be a date written YYYY-MM-DD, like the fact, not "2026-02-30" (string)',
        ),
        at('facts.latest_tax_grade.default', 'default must be a string, like the fact, not 3 (number)'),
      ]);
    });

    it('reports a fact with no derivation or with two', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.years_in_business.from', undefined);
        set(doc, 'facts.latest_tax_grade.from', 'enterprise.size');
      });
      expect(problems).toEqual([
        at('facts.latest_tax_grade', 'declare exactly one derivation, not from and latest'),
        at(
          'facts.years_in_business',
          'declare how the fact is derived: one of from, count, sum, max, exists, latest',
        ),
      ]);
    });

    it('reports a declared type that the derivation cannot produce', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.general_penalties_3y.type', 'boolean');
        set(doc, 'facts.years_in_business.type', 'string');
        set(doc, 'rules.0.conditions.all.0.value', true);
      });
      expect(problems).toEqual([
        at('facts.general_penalties_3y.type', 'a count is a number: declare the fact as number'),
        at('facts.years_in_business.type', 'enterprise.age_years is a number: declare the fact as number'),
      ]);
    });

    it('reports an unknown fact type and does not guess the type of rules using it', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'facts.general_penalties_3y.type', 'integer');
      });
      expect(problems).toEqual([
        at(
          'facts.general_penalties_3y.type',
          'unknown fact type "integer"; one of number, boolean, string, date, string[]',
        ),
      ]);
    });
  });

  it('reports a fact name that is not an identifier, once', () => {
    const problems = problemsOf((doc) => {
      set(doc, 'facts.tax-grade', { type: 'string', from: 'enterprise.size' });
    });
    expect(problems).toEqual([
      at(
        'facts["tax-grade"]',
        'fact name "tax-grade" must be letters, digits and _, not starting with a digit',
      ),
    ]);
  });

  describe('the envelope', () => {
    it('reports missing and unknown top-level properties and a bad kind', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'version', undefined);
        set(doc, 'author', 'x');
        set(doc, 'kind', 'scoring');
      });
      expect(problems).toEqual([
        at('author', 'unknown property'),
        at('kind', `unknown kind "scoring"; one of ${RULE_SET_KINDS.join(', ')}`),
        at('version', 'is required'),
      ]);
    });

    it('reports an effectiveFrom without an offset', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'effectiveFrom', '2026-01-01T00:00:00');
      });
      expect(problems).toEqual([
        at(
          'effectiveFrom',
          'must be an ISO-8601 instant with an offset, e.g. 2026-01-01T00:00:00+08:00, not "2026-01-01T00:00:00"',
        ),
      ]);
    });

    it('reports a typo in a condition property (json-rules-engine would ignore it)', () => {
      const problems = problemsOf((doc) => {
        set(doc, 'rules.0.conditions.all.0.vaule', 2);
      });
      expect(problems).toEqual([
        inRule('general-penalty', 'rules[0].conditions.all[0].vaule', 'unknown property'),
      ]);
    });

    it('rejects what is not an object', () => {
      expect(validateRuleSet(null)).toEqual({ ok: false, problems: [at('', 'must be object')] });
    });
  });

  describe('on any input', () => {
    /** Every path of the valid document, to break one at random. */
    function paths(value: unknown, prefix: string[] = []): string[][] {
      if (typeof value !== 'object' || value === null) return [prefix];
      const keys = Object.keys(value).filter((k) => !k.includes('.'));
      return [prefix, ...keys.flatMap((k) => paths((value as Json)[k], [...prefix, k]))];
    }
    const allPaths = paths(validDocument()).filter((p) => p.length > 0);

    it('never throws and always explains a rejection', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const result = validateRuleSet(value);
          if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        }),
      );
    });

    it('never throws when one part of a valid document is replaced by anything, and accepts only what json-rules-engine accepts', () => {
      fc.assert(
        fc.property(fc.constantFrom(...allPaths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
          const doc = validDocument();
          set(doc, path.join('.'), value);
          const result = validateRuleSet(doc);
          for (const problem of result.ok ? [] : result.problems) expect(problem.message).not.toBe('');
          // What the validator accepts, json-rules-engine accepts too.
          if (result.ok) expect(() => createReferenceEvaluator(result.ruleSet.rules)).not.toThrow();
        }),
        { numRuns: 2000 },
      );
    });
  });

  it('reports every problem of a document, in document order, not only the first', () => {
    const problems = problemsOf((doc) => {
      set(doc, 'facts.general_penalties_3y.count.window', '3Y');
      push(doc, 'rules.0.conditions.all', { fact: 'missing_fact', operator: 'equal', value: 1 });
      set(doc, 'rules.0.event.params.points', 1.5);
      set(doc, 'rules.1.event.params.tier', 'Z');
      push(doc, 'rules', node(validDocument(), 'rules.0'));
      set(doc, 'outcome.tiers.3.min', 10);
    });
    expect(problems).toEqual([
      at(
        'facts.general_penalties_3y.count.window',
        'invalid ISO-8601 window "3Y": use years, months, weeks or days, e.g. P3Y, P6M, P30D',
      ),
      at(
        'outcome.tiers[3].min',
        'the last tier must have min null, so that every score lower than the other mins still gets a tier',
      ),
      inRule(
        'general-penalty',
        'rules[0].conditions.all[1].fact',
        'fact "missing_fact" is not declared in facts',
      ),
      inRule('general-penalty', 'rules[0].event.params.points', 'points must be an integer'),
      inRule(
        'serious-dishonesty',
        'rules[1].event.params.tier',
        'tier "Z" is not one of the outcome\'s tiers (A, B, C, D)',
      ),
      inRule('general-penalty', 'rules[2].name', 'duplicate rule name "general-penalty" (first at rules[0])'),
    ]);
  });
});
