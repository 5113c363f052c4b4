import { canonicalJson, DomainError, sha256Hex } from '@app/domain';
import type { Facts, FiredRule, RuleEvaluator } from '../engine/fired-rule';
import { createReferenceEvaluator } from '../engine/reference.engine';
import {
  evaluateRuleSet,
  evaluateRuleSetSync,
  factsDigest,
  FactsUnavailableError,
} from './evaluate-rule-set';
import { compileRules } from '../engine/rule.compiler';
import { resolveFacts } from './resolve-facts';
import type { OtherRuleSet, TieringRuleSet } from './rule-set.types';

const ruleSet: TieringRuleSet = {
  kind: 'tiering',
  version: '2026.9',
  effectiveFrom: '2026-01-01T00:00:00+08:00',
  facts: {
    penalties: { type: 'number', count: { recordType: 'administrative_penalty', window: 'P3Y' } },
    listed: { type: 'boolean', exists: { recordType: 'serious_dishonesty_listing' } },
    grade: {
      type: 'string',
      latest: { recordType: 'tax_credit_grade', field: 'payload.grade' },
      default: 'M',
    },
    last_penalty_on: {
      type: 'date',
      max: { recordType: 'administrative_penalty', field: 'occurred_on' },
      default: '1970-01-01',
    },
    tags: { type: 'string[]', from: 'enterprise.tags', default: [] },
  },
  rules: [
    {
      name: 'penalty',
      conditions: { all: [{ fact: 'penalties', operator: 'greaterThanInclusive', value: 1 }] },
      event: { type: 'score', params: { points: -20, factor: 'penalties', reason: '处罚' } },
    },
    {
      name: 'recent-penalty',
      // 2026-01-01 is day 20454: dates reach the rules as day numbers.
      conditions: { all: [{ fact: 'last_penalty_on', operator: 'greaterThanInclusive', value: 20454 }] },
      event: { type: 'score', params: { points: -5, factor: 'last_penalty_on', reason: '近期处罚' } },
    },
    {
      name: 'food',
      conditions: { all: [{ fact: 'tags', operator: 'contains', value: 'food' }] },
      event: { type: 'score', params: { points: -1, factor: 'tags', reason: '食品' } },
    },
    {
      name: 'listed',
      conditions: { all: [{ fact: 'listed', operator: 'equal', value: true }] },
      event: { type: 'override', params: { tier: 'D', mode: 'set', factor: 'listed', reason: '失信名单' } },
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

const evaluator = createReferenceEvaluator(ruleSet.rules);

describe('evaluateRuleSet', () => {
  it('decides the tier and records the version, kind and a digest of the facts the rules saw', async () => {
    const facts = { penalties: 2, listed: false, grade: 'B', last_penalty_on: '2026-03-01', tags: ['food'] };
    const result = await evaluateRuleSet(ruleSet, facts, evaluator);
    expect(result).toMatchObject({ tier: 'B', score: 74, ruleSetVersion: '2026.9', ruleSetKind: 'tiering' });
    expect(result.fired.map((f) => f.rule)).toEqual(['penalty', 'recent-penalty', 'food']);
    const seen = { grade: 'B', last_penalty_on: 20513, listed: false, penalties: 2, tags: ['food'] };
    expect(result.inputDigest).toBe(sha256Hex(canonicalJson(seen)));
    expect(result.inputFacts).toBe(canonicalJson(seen));
  });

  it('gives the same result and digest for the same facts, whatever their order or extra keys', async () => {
    const a = await evaluateRuleSet(ruleSet, { penalties: 0, listed: true, grade: 'A', tags: [] }, evaluator);
    const b = await evaluateRuleSet(
      ruleSet,
      { tags: [], grade: 'A', listed: true, penalties: 0, undeclared: 42, last_penalty_on: 0 },
      evaluator,
    );
    expect(b).toEqual(a);
    expect(a).toMatchObject({ tier: 'D', overridden: true, decidedBy: 'listed' });
  });

  it('applies defaults for facts that could not be derived, and the digest shows them', async () => {
    const result = await evaluateRuleSet(ruleSet, { penalties: 0, listed: false, grade: null }, evaluator);
    expect(result.tier).toBe('A');
    expect(result.inputDigest).toBe(
      sha256Hex(canonicalJson({ grade: 'M', last_penalty_on: 0, listed: false, penalties: 0, tags: [] })),
    );
  });

  it('fails, naming every fact, when a fact without default is missing or one has the wrong type', async () => {
    const attempt = evaluateRuleSet(ruleSet, { penalties: '2', grade: 'B' }, evaluator);
    await expect(attempt).rejects.toBeInstanceOf(FactsUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      ruleSetVersion: '2026.9',
      details: [
        { path: 'facts.listed', message: 'could not be derived and has no default' },
        { path: 'facts.penalties', message: 'must be a number, got "2"' },
      ],
    });
  });

  it('refuses a date that is not a calendar day', async () => {
    const attempt = evaluateRuleSet(
      ruleSet,
      { penalties: 0, listed: false, last_penalty_on: '2026-02-30' },
      evaluator,
    );
    await expect(attempt).rejects.toMatchObject({
      details: [
        {
          path: 'facts.last_penalty_on',
          message: 'must be a date (YYYY-MM-DD or days since 1970-01-01), got "2026-02-30"',
        },
      ],
    });
  });

  it('hands the evaluator only declared facts, and awaits synchronous and asynchronous evaluators alike', async () => {
    const seen: Facts[] = [];
    const fire: FiredRule[] = [{ name: 'food', priority: 1, event: ruleSet.rules[2].event }];
    const sync: RuleEvaluator = {
      kind: 'compiled',
      evaluate: (facts) => {
        seen.push(facts);
        return fire;
      },
    };
    const result = await evaluateRuleSet(ruleSet, { penalties: 0, listed: false, secret: 'x' }, sync);
    expect(result.score).toBe(99);
    expect(Object.keys(seen[0]).sort()).toEqual(['grade', 'last_penalty_on', 'listed', 'penalties', 'tags']);
  });

  it('decides tiering only, for now', async () => {
    const other: OtherRuleSet = { ...ruleSet, kind: 'frequency', outcome: undefined };
    await expect(evaluateRuleSet(other, {}, evaluator)).rejects.toBeInstanceOf(DomainError);
  });
});

describe('evaluateRuleSetSync and the facts digest', () => {
  const samples: Facts[] = [
    { penalties: 2, listed: false, grade: 'A', last_penalty_on: '2025-01-02', tags: ['food', 'b'] },
    { penalties: 0, listed: true },
    { tags: [], listed: false, penalties: 7, grade: 'D' },
  ];

  it('gives the same result as the asynchronous evaluation, digest included', async () => {
    const compiled = compileRules(ruleSet.rules).evaluator;
    for (const facts of samples) {
      expect(evaluateRuleSetSync(ruleSet, facts, compiled)).toEqual(
        await evaluateRuleSet(ruleSet, facts, createReferenceEvaluator(ruleSet.rules)),
      );
    }
  });

  it('digests resolved facts exactly as canonical JSON does, whatever order they came in', () => {
    for (const facts of samples) {
      const resolved = resolveFacts(ruleSet, facts);
      if (!resolved.ok) throw new Error('sample must resolve');
      expect(factsDigest(resolved.facts)).toBe(sha256Hex(canonicalJson(resolved.facts)));
    }
  });

  it('refuses an evaluator that answers with a promise', () => {
    expect(() => evaluateRuleSetSync(ruleSet, samples[0], createReferenceEvaluator(ruleSet.rules))).toThrow(
      /synchronous \(compiled\) evaluator, got reference/,
    );
  });
});
