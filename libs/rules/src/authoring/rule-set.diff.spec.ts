import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetDocument } from '../rule-set/rule-set.types';
import { diffRuleSets } from './rule-set.diff';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const shipped = (kind: string): Json =>
  JSON.parse(readFileSync(join(__dirname, '../../../../rules', kind, '2026.1.json'), 'utf8')) as Json;
const doc = (json: Json): RuleSetDocument => json as RuleSetDocument;

describe('diffRuleSets', () => {
  it('finds nothing between a document and its copy, whatever the key order', () => {
    const a = shipped('tiering');
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const b = reversed(a) as Json;
    expect(Object.keys(b)[0]).not.toBe(Object.keys(a)[0]);
    const diff = diffRuleSets(doc(a), doc(b));
    expect(diff).toEqual({
      from: { kind: 'tiering', version: '2026.1' },
      to: { kind: 'tiering', version: '2026.1' },
      identical: true,
      document: [],
      facts: { added: [], removed: [], changed: [] },
      rules: { added: [], removed: [], changed: [], reordered: false },
      outcome: [],
      tests: { added: [], removed: [], changed: [] },
      summary: [],
    });
  });

  it('lists facts and rules added, removed and changed with each changed field, and outcome changes', () => {
    const from = shipped('tiering');
    const to = shipped('tiering');
    to.version = '2026.2';
    delete to.facts.commendations_3y;
    to.rules = to.rules.filter((r: Json) => r.name !== 'commendation');
    to.facts.related_party_risks_1y = {
      type: 'number',
      count: { recordType: 'complaint', window: 'P1Y' },
      default: 0,
    };
    to.rules.push({
      name: 'related-party-risk',
      conditions: { all: [{ fact: 'related_party_risks_1y', operator: 'greaterThan', value: 0 }] },
      event: {
        type: 'score',
        params: { points: -5, factor: 'related_party_risks_1y', reason: '关联方风险' },
      },
    });
    to.facts.general_penalties_3y.count.window = 'P5Y';
    const general = to.rules.find((r: Json) => r.name === 'general-penalty');
    general.event.params.points = -20;
    general.basis = { title: '市场监督管理信用修复管理办法', article: '第五条' };
    to.outcome.tiers[1].min = 75;
    to.outcome.base = 95;

    const diff = diffRuleSets(doc(from), doc(to));
    expect(diff.identical).toBe(false);
    expect(diff.document).toEqual([{ path: 'version', change: 'changed', from: '2026.1', to: '2026.2' }]);
    expect(diff.facts).toEqual({
      added: ['related_party_risks_1y'],
      removed: ['commendations_3y'],
      changed: [
        {
          name: 'general_penalties_3y',
          changes: [{ path: 'count.window', change: 'changed', from: 'P3Y', to: 'P5Y' }],
        },
      ],
    });
    expect(diff.rules).toEqual({
      added: ['related-party-risk'],
      removed: ['commendation'],
      changed: [
        {
          name: 'general-penalty',
          changes: [
            {
              path: 'basis',
              change: 'added',
              to: { title: '市场监督管理信用修复管理办法', article: '第五条' },
            },
            { path: 'event.params.points', change: 'changed', from: -15, to: -20 },
          ],
        },
      ],
      reordered: false,
    });
    expect(diff.outcome).toEqual([
      { path: 'base', change: 'changed', from: 100, to: 95 },
      { path: 'tiers[tier="B"].min', change: 'changed', from: 70, to: 75 },
    ]);
    expect(diff.summary).toEqual([
      'version: "2026.1" → "2026.2"',
      'fact related_party_risks_1y: added',
      'fact commendations_3y: removed',
      'fact general_penalties_3y count.window: "P3Y" → "P5Y"',
      'rule related-party-risk: added',
      'rule commendation: removed',
      'rule general-penalty basis: added {"title":"市场监督管理信用修复管理办法","article":"第五条"}',
      'rule general-penalty event.params.points: -15 → -20',
      'outcome base: 100 → 95',
      'outcome tiers[tier="B"].min: 70 → 75',
    ]);
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
  });

  it('gives condition paths, a reorder, frequency bands by tier and scenario tests', () => {
    const from = shipped('frequency');
    const to = shipped('frequency');
    to.rules.reverse();
    to.rules.find((r: Json) => r.name === 'food-tier-d').conditions.all[1].value = 'catering';
    to.outcome.bands[2].minRatio = 0.2;
    to.outcome.bands.push({ tier: 'E', minRatio: 0.9, maxRatio: 1 });
    to.tests = [{ name: 'a', facts: { tier: 'A' }, expect: { ratio: 0.03 } }];
    const diff = diffRuleSets(doc(from), doc(to));
    expect(diff.rules.reordered).toBe(true);
    expect(diff.rules.changed).toEqual([
      {
        name: 'food-tier-d',
        changes: [{ path: 'conditions.all[1].value', change: 'changed', from: 'food', to: 'catering' }],
      },
    ]);
    expect(diff.outcome).toEqual([
      { path: 'bands[tier="C"].minRatio', change: 'changed', from: 0.21, to: 0.2 },
      { path: 'bands[tier="E"]', change: 'added', to: { tier: 'E', minRatio: 0.9, maxRatio: 1 } },
    ]);
    expect(diff.tests).toEqual({ added: ['a'], removed: [], changed: [] });
    expect(diff.summary).toContain('rules: reordered (evaluation order within a priority)');
    expect(diff.summary).toContain('outcome bands[tier="E"]: added {"tier":"E","minRatio":0.9,"maxRatio":1}');
    expect(diffRuleSets(doc(to), doc(from)).tests).toEqual({ added: [], removed: ['a'], changed: [] });
  });

  it('compares lists that are not tier lists by position', () => {
    const from = shipped('triggers');
    const to = shipped('triggers');
    to.rules[0].conditions.all.push({ fact: 'platform_risk_signal_30d', operator: 'equal', value: true });
    expect(diffRuleSets(doc(from), doc(to)).rules.changed).toEqual([
      {
        name: 'complaints-surge',
        changes: [
          {
            path: 'conditions.all[1]',
            change: 'added',
            to: { fact: 'platform_risk_signal_30d', operator: 'equal', value: true },
          },
        ],
      },
    ]);
  });
});
