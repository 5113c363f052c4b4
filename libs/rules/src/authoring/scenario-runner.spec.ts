import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetDocument } from '../rule-set/rule-set.types';
import { validateRuleSet } from '../rule-set/rule-set.validator';
import { defaultScenarios } from './default-scenarios.loader';
import { runScenarios, scenarioApplies } from './scenario-runner';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const ROOT = join(__dirname, '../../../..');
const shipped = (kind: string): Json =>
  JSON.parse(readFileSync(join(ROOT, 'rules', kind, '2026.1.json'), 'utf8')) as Json;

function valid(doc: Json): RuleSetDocument {
  const result = validateRuleSet(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.ruleSet;
}

/** Every tiering fact at its quietest: five years old, nothing on record, tax grade B. */
function cleanFacts(): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [name, d] of Object.entries(shipped('tiering').facts as Json)) {
    facts[name] = d.type === 'number' ? 0 : d.type === 'boolean' ? false : 'B';
  }
  return { ...facts, years_in_business: 5 };
}

const food = {
  name: 'food-d',
  facts: { tier: 'D', tags: ['food'] },
  expect: { visitsPerYear: 3, firedRules: ['tier-d', 'food-tier-d'] },
};

describe('runScenarios', () => {
  it.each(['tiering', 'frequency', 'triggers'])(
    'passes every default scenario of the shipped %s rule set',
    (kind) => {
      const report = runScenarios(valid(shipped(kind)));
      expect(report.source).toBe('default');
      expect(report.results.filter((r) => !r.passed)).toEqual([]);
      // Scenarios `since` a later version (tiering 2026.2's new rules) are skipped.
      expect(report.total).toBe(
        defaultScenarios(kind as 'tiering').filter((s) => scenarioApplies(s, '2026.1')).length,
      );
      expect(report.total).toBeGreaterThan(5);
      expect(report).toMatchObject({ passed: report.total, failed: 0 });
    },
  );

  it("runs the document's own tests instead of the defaults, and says what differs", () => {
    const doc = shipped('tiering');
    doc.tests = [
      {
        name: 'clean',
        facts: cleanFacts(),
        expect: { tier: 'A', score: 100, firedRules: [] },
      },
      {
        name: 'wrong on purpose',
        asOf: '2026-11-24',
        facts: { ...cleanFacts(), general_penalties_3y: 1 },
        expect: { tier: 'A', firedRules: ['minor-penalty'] },
      },
    ];
    const report = runScenarios(valid(doc));
    expect(report).toMatchObject({ source: 'document', total: 2, passed: 1, failed: 1 });
    expect(report.results[0]).toEqual({
      name: 'clean',
      passed: true,
      expected: doc.tests[0].expect,
      actual: { tier: 'A', score: 100, overridden: false, firedRules: [] },
    });
    expect(report.results[1]).toMatchObject({
      name: 'wrong on purpose',
      passed: false,
      actual: { tier: 'B', score: 85, overridden: false, firedRules: ['general-penalty'] },
      message:
        'tier: expected "A", got "B"; firedRules: expected but not fired minor-penalty (minor_penalties_3y = 0, needs ≥ 1); fired but not expected general-penalty',
    });
  });

  it('tests frequency and triggers on their own outcome keys', () => {
    const frequency = shipped('frequency');
    frequency.tests = [food, { ...food, name: 'food-d-wrong', expect: { visitsPerYear: 2 } }];
    expect(runScenarios(valid(frequency)).results.map((r) => [r.passed, r.message])).toEqual([
      [true, undefined],
      [false, 'visitsPerYear: expected 2, got 3'],
    ]);
    const triggers = shipped('triggers');
    triggers.tests = [
      {
        name: 'surge',
        facts: { complaints_30d: 7, high_monitoring_alert_7d: false, platform_risk_signal_30d: false },
        expect: { triggers: ['platform_risk_signal'] },
      },
    ];
    expect(runScenarios(valid(triggers)).results[0]).toMatchObject({
      passed: false,
      actual: { triggers: ['complaints_surge'], firedRules: ['complaints-surge'] },
      message:
        'triggers: expected but not fired platform_risk_signal; fired but not expected complaints_surge',
    });
  });

  it('fails a scenario whose facts cannot be evaluated, with the reason', () => {
    const doc = valid(shipped('triggers'));
    const report = runScenarios(doc, {
      scenarios: [
        {
          name: 'half',
          facts: JSON.parse('{ "complaints_30d": 1e400 }') as Record<string, unknown>,
          expect: { triggers: [] },
        },
      ],
    });
    expect(report.failed).toBe(1);
    expect(report.results[0].message).toMatch(
      /^facts: complaints_30d must be a number, got Infinity: a number beyond ±1\.8e308 \(such as 1e400\) overflows; high_monitoring_alert_7d could not be derived and has no default/,
    );
  });

  it('reports no scenarios for a kind without defaults and a document without tests', () => {
    const doc = shipped('triggers');
    const report = runScenarios(valid({ ...doc, kind: 'repair', outcome: shipped('repair').outcome }));
    expect(report).toEqual({ total: 0, passed: 0, failed: 0, results: [], source: 'none' });
  });

  it('fails every scenario of a document that does not validate, naming the first problem', () => {
    const doc = shipped('tiering');
    doc.rules[0].conditions.all[0].fact = 'nope';
    doc.tests = [{ name: 'one', facts: {}, expect: { tier: 'A' } }, 'junk'];
    const message =
      'the rule set does not validate (3 problems; first: rules[0].conditions.all[0].fact fact "nope" is not declared in facts), so no scenario can run';
    expect(runScenarios(doc as RuleSetDocument)).toEqual({
      total: 2,
      passed: 0,
      failed: 2,
      source: 'document',
      results: [
        { name: 'one', passed: false, expected: { tier: 'A' }, actual: { error: message }, message },
        { name: 'tests[1]', passed: false, expected: undefined, actual: { error: message }, message },
      ],
    });
    delete doc.tests;
    expect(runScenarios(doc as RuleSetDocument)).toMatchObject({
      source: 'default',
      failed: defaultScenarios('tiering').length,
    });
    expect(defaultScenarios('../tiering' as 'tiering')).toEqual([]);
  });

  it('is JSON-serialisable', () => {
    const report = runScenarios(valid(shipped('frequency')));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('scenarioApplies', () => {
  it('holds without since, and from the since version on (numeric-aware)', () => {
    expect(scenarioApplies({}, '2026.1')).toBe(true);
    expect(scenarioApplies({ since: '2026.2' }, '2026.1')).toBe(false);
    expect(scenarioApplies({ since: '2026.2' }, '2026.2')).toBe(true);
    expect(scenarioApplies({ since: '2026.2' }, '2026.10')).toBe(true);
    expect(scenarioApplies({ since: '2026.10' }, '2026.9')).toBe(false);
  });

  it('runs the tiering scenarios since 2026.2 for 2026.2 and not for 2026.1', () => {
    const next = JSON.parse(readFileSync(join(ROOT, 'rules/tiering/2026.2.json'), 'utf8')) as Json;
    const all = defaultScenarios('tiering');
    const later = all.filter((s) => s.since === '2026.2').map((s) => s.name);
    expect(later.length).toBeGreaterThan(4);
    const report = runScenarios(valid(next));
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.total).toBe(all.length);
    const old = runScenarios(valid(shipped('tiering')));
    expect(old.results.map((r) => r.name)).not.toEqual(expect.arrayContaining([later[0]]));
  });
});

describe('default scenarios (rules/scenarios/<kind>/)', () => {
  it.each(['tiering', 'frequency', 'triggers'])(
    'are valid tests of the shipped %s rule set when carried as its tests',
    (kind) => {
      const doc = shipped(kind);
      doc.tests = defaultScenarios(kind as 'tiering').filter((s) => scenarioApplies(s, doc.version));
      expect(validateRuleSet(doc)).toMatchObject({ ok: true });
    },
  );

  it('are all valid tests of tiering 2026.2 (since included)', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'rules/tiering/2026.2.json'), 'utf8')) as Json;
    doc.tests = defaultScenarios('tiering');
    expect(validateRuleSet(doc)).toMatchObject({ ok: true });
  });

  it.each(['tiering', 'frequency', 'triggers'] as const)(
    '%s: each scenario is named after its file',
    (kind) => {
      const files = readdirSync(join(ROOT, 'rules/scenarios', kind))
        .filter((f) => f.endsWith('.json'))
        .sort();
      expect(defaultScenarios(kind).map((s) => `${s.name}.json`)).toEqual(files);
    },
  );
});
