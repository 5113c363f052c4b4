import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetDocument } from '../rule-set/rule-set.types';
import { validateRuleSet } from '../rule-set/rule-set.validator';
import { staticChecks } from './static-checks';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const shipped = (kind: string): Json =>
  JSON.parse(readFileSync(join(__dirname, '../../../../rules', kind, '2026.1.json'), 'utf8')) as Json;

function valid(doc: Json): RuleSetDocument {
  const result = validateRuleSet(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.ruleSet;
}

const index = (doc: Json, name: string): number => (doc.rules as Json[]).findIndex((r) => r.name === name);

/** A small tiering set: x counts, y a boolean, tiers A ≥ 90, B ≥ 70, C. */
function small(rules: Json[], extra: Json = {}): Json {
  return {
    kind: 'tiering',
    version: 't1',
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    facts: {
      x: { type: 'number', count: { recordType: 'complaint' } },
      y: { type: 'boolean', exists: { recordType: 'monitoring_alert' } },
      tags: { type: 'string[]', from: 'enterprise.tags', default: [] },
    },
    rules,
    outcome: {
      base: 100,
      tiers: [
        { tier: 'A', min: 90 },
        { tier: 'B', min: 70 },
        { tier: 'C', min: null },
      ],
    },
    tests: [
      { name: 'quiet', facts: { x: 0, y: false }, expect: { tier: 'A' } },
      { name: 'busy', facts: { x: 9, y: true, tags: ['food'] }, expect: { tier: 'C' } },
    ],
    ...extra,
  };
}

const score = (name: string, conditions: Json, points = -20): Json => ({
  name,
  conditions,
  event: { type: 'score', params: { points, factor: 'x', reason: name } },
});
const override = (name: string, conditions: Json, tier: string, mode: string): Json => ({
  name,
  conditions,
  event: { type: 'override', params: { tier, mode, factor: 'x', reason: name } },
});
const c = (fact: string, operator: string, value: unknown): Json => ({ fact, operator, value });

describe('staticChecks', () => {
  it('finds nothing to say about the shipped tiering and triggers rule sets', () => {
    expect(staticChecks(valid(shipped('tiering')))).toEqual([]);
    expect(staticChecks(valid(shipped('triggers')))).toEqual([]);
  });

  it('says nothing of a document that does not validate (its problems come first)', () => {
    const doc = shipped('tiering');
    doc.rules[0].conditions.all[0].fact = 'nope';
    expect(staticChecks(doc as RuleSetDocument)).toEqual([]);
  });

  it('sees the gaps between the published frequency bands (B ends at 20%, C starts at 21%)', () => {
    expect(staticChecks(valid(shipped('frequency')))).toEqual([
      {
        path: 'outcome.bands[2]',
        code: 'bands-gap',
        message: "ratios above 0.2 (tier B) and below 0.21 (tier C) fall in no tier's band",
      },
      {
        path: 'outcome.bands[3]',
        code: 'bands-gap',
        message: "ratios above 0.6 (tier C) and below 0.61 (tier D) fall in no tier's band",
      },
    ]);
  });

  it('reports overlapping frequency bands', () => {
    const doc = shipped('frequency');
    doc.outcome.bands[1].minRatio = 0.04;
    doc.outcome.bands[2].minRatio = 0.2;
    doc.outcome.bands[3].minRatio = 0.6;
    expect(staticChecks(valid(doc))).toEqual([
      {
        path: 'outcome.bands[1]',
        code: 'bands-overlap',
        message: "tier B's band 0.04–0.2 overlaps tier A's 0.0001–0.05",
      },
    ]);
  });

  it.each([
    ['x > 5 and x < 3', { all: [c('x', 'greaterThan', 5), c('x', 'lessThan', 3)] }],
    ['x ≥ 3 and x < 3', { all: [c('x', 'greaterThanInclusive', 3), c('x', 'lessThan', 3)] }],
    ['equal 1 and equal 2', { all: [c('x', 'equal', 1), { all: [c('x', 'equal', 2)] }] }],
    ['equal 4 and above 5', { all: [c('x', 'equal', 4), c('x', 'greaterThan', 5)] }],
    ['in [1, 2] and not:in [1, 2]', { all: [c('x', 'in', [1, 2]), c('x', 'not:in', [1, 2])] }],
    ['y true and y not true', { all: [c('y', 'equal', true), c('y', 'notEqual', true)] }],
    ['y neither true nor false', { all: [c('y', 'notEqual', true), c('y', 'notEqual', false)] }],
    [
      'contains and does not contain',
      { all: [c('tags', 'contains', 'a'), c('tags', 'doesNotContain', 'a')] },
    ],
    [
      'every branch of any contradicts',
      { any: [{ all: [c('x', 'lessThan', 0), c('x', 'greaterThan', 0)] }] },
    ],
  ])('warns of a rule that can never fire: %s', (_case, conditions) => {
    const doc = small([score('r', conditions), score('other', { all: [c('x', 'greaterThan', 0)] })]);
    const warnings = staticChecks(valid(doc)).filter((w) => w.code === 'rule-never-fires');
    expect(warnings).toEqual([
      {
        path: 'rules[0]',
        code: 'rule-never-fires',
        message: expect.stringMatching(/^rule "r" can never fire: /),
      },
    ]);
  });

  it('names the contradicting conditions', () => {
    const doc = small([score('r', { all: [c('x', 'greaterThan', 5), c('x', 'lessThan', 3)] })]);
    expect(staticChecks(valid(doc)).find((w) => w.code === 'rule-never-fires')).toMatchObject({
      message: 'rule "r" can never fire: x greaterThan 5 and x lessThan 3 cannot all hold',
    });
  });

  it.each([
    ['x > 3 and x < 5', { all: [c('x', 'greaterThan', 3), c('x', 'lessThan', 5)] }],
    ['x ≥ 3 and x ≤ 3', { all: [c('x', 'greaterThanInclusive', 3), c('x', 'lessThanInclusive', 3)] }],
    ['one branch of any is possible', { any: [c('x', 'lessThan', 0), c('x', 'greaterThan', 5)] }],
    ['contradiction under not', { not: { all: [c('x', 'greaterThan', 5), c('x', 'lessThan', 3)] } }],
    ['two facts', { all: [c('x', 'greaterThan', 5), c('y', 'equal', true)] }],
    ['an empty any (json-rules-engine: it holds)', { any: [] }],
  ])('does not warn when the rule can fire: %s', (_case, conditions) => {
    const doc = small([score('r', conditions)]);
    expect(staticChecks(valid(doc)).filter((w) => w.code === 'rule-never-fires')).toEqual([]);
  });

  it('warns of an override shadowed by a stronger one, and of a cap that never bites', () => {
    const doc = small([
      override('set-c', { all: [c('x', 'greaterThanInclusive', 1)] }, 'C', 'set'),
      override('cap-b', { all: [c('x', 'greaterThanInclusive', 3), c('y', 'equal', true)] }, 'B', 'cap'),
      override('set-b', { all: [c('x', 'greaterThan', 5)] }, 'B', 'set'),
      override('cap-a', { all: [c('y', 'equal', true)] }, 'A', 'cap'),
      override('set-b-alone', { all: [c('y', 'equal', false)] }, 'B', 'set'),
    ]);
    expect(staticChecks(valid(doc)).filter((w) => w.code.startsWith('override'))).toEqual([
      {
        path: 'rules[1]',
        code: 'override-shadowed',
        message:
          'rule "cap-b" (cap B) is shadowed by rule "set-c" (set C): whenever it fires that one fires too and decides at least as badly, so it never changes a tier',
      },
      { path: 'rules[2]', code: 'override-shadowed', message: expect.stringContaining('by rule "set-c"') },
      {
        path: 'rules[3]',
        code: 'override-no-effect',
        message: 'rule "cap-a" caps at A, the best tier: every result already is at best A',
      },
    ]);
  });

  it('does not call a set shadowed by a cap, and of two identical overrides flags the later', () => {
    const doc = small([
      override('cap-c', { all: [c('x', 'greaterThanInclusive', 1)] }, 'C', 'cap'),
      override('set-b', { all: [c('x', 'greaterThanInclusive', 2)] }, 'B', 'set'),
      override('set-c-1', { all: [c('y', 'equal', true)] }, 'C', 'set'),
      override('set-c-2', { all: [c('y', 'equal', true)] }, 'C', 'set'),
    ]);
    expect(staticChecks(valid(doc)).filter((w) => w.code.startsWith('override'))).toEqual([
      { path: 'rules[3]', code: 'override-shadowed', message: expect.stringContaining('by rule "set-c-1"') },
    ]);
  });

  it('warns of a tier no score can reach and no override names', () => {
    const doc = small([score('r', { all: [c('x', 'greaterThan', 0), c('y', 'equal', true)] }, -20)]);
    doc.facts.tags.default = ['food'];
    doc.rules.push(score('s', { all: [c('tags', 'contains', 'food')] }, 0));
    expect(staticChecks(valid(doc))).toEqual([
      {
        path: 'outcome.tiers[2]',
        code: 'tier-unreachable',
        message: 'tier C (below 70) can never be reached: scores run from 80 to 100 and no override names it',
      },
    ]);
    const withOverride = structuredClone(doc);
    withOverride.rules.push(override('o', { all: [c('y', 'equal', true)] }, 'C', 'set'));
    expect(staticChecks(valid(withOverride))).toEqual([]);
  });

  it('warns of declared facts no condition reads', () => {
    const doc = small([score('r', { all: [c('x', 'greaterThan', 0)] }, -40)]);
    doc.facts.unused = { type: 'number', count: { recordType: 'complaint' }, default: 0 };
    expect(staticChecks(valid(doc))).toEqual([
      { path: 'facts.y', code: 'fact-unused', message: expect.stringContaining('"y"') },
      {
        path: 'facts.tags',
        code: 'fact-unused',
        message:
          'fact "tags" is declared but no condition reads it (it is still derived for every enterprise)',
      },
      { path: 'facts.unused', code: 'fact-unused', message: expect.stringContaining('"unused"') },
    ]);
  });

  it('warns of rules no scenario makes fire, against the tests or the default scenarios', () => {
    const doc = small([
      score('fires', { all: [c('x', 'greaterThan', 5)] }, -40),
      score('never-tested', { all: [c('tags', 'contains', 'platform')] }, -40),
    ]);
    expect(staticChecks(valid(doc)).filter((w) => w.code === 'rule-untested')).toEqual([
      {
        path: 'rules[1]',
        code: 'rule-untested',
        message: 'rule "never-tested" fires in none of the tests (2)',
      },
    ]);
    const tiering = shipped('tiering');
    tiering.rules.push(score('new-rule', { all: [c('open_court_enforcements', 'greaterThan', 10)] }));
    expect(staticChecks(valid(tiering))).toEqual([
      {
        path: `rules[${index(tiering, 'new-rule')}]`,
        code: 'rule-untested',
        message: expect.stringMatching(
          /^rule "new-rule" fires in none of the default tiering scenarios \(\d+\)$/,
        ),
      },
    ]);
    const repair = valid({
      ...small([score('r', { all: [c('x', 'greaterThan', 5)] })]),
      kind: 'repair',
      outcome: shipped('repair').outcome,
      tests: undefined,
    });
    expect(staticChecks(repair).filter((w) => w.code === 'no-scenarios')).toEqual([
      { path: 'tests', code: 'no-scenarios', message: expect.any(String) },
    ]);
  });
});
