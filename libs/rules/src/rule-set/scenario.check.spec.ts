import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetProblem } from './rule-set.types';
import { validateRuleSet } from './rule-set.validator';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

const shipped = (kind: string): Json =>
  JSON.parse(readFileSync(join(__dirname, '../../../../rules', kind, '2026.1.json'), 'utf8')) as Json;
const scenario = (kind: string, name: string): Json =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../rules/scenarios', kind, `${name}.json`), 'utf8'),
  ) as Json;

function problemsOf(doc: Json): RuleSetProblem[] {
  const result = validateRuleSet(doc);
  return result.ok ? [] : result.problems;
}

function withTests(kind: string, tests: Json[]): Json {
  return { ...shipped(kind), tests };
}

describe('scenario tests in a rule-set document', () => {
  it('are accepted for every kind, and change the checksum (they are part of the version)', () => {
    const plain = validateRuleSet(shipped('tiering'));
    const tested = validateRuleSet(withTests('tiering', [scenario('tiering', 'demo-court')]));
    expect(tested.ok && plain.ok && tested.checksum !== plain.checksum).toBe(true);
    expect(problemsOf(withTests('frequency', [scenario('frequency', 'tier-d-food')]))).toEqual([]);
    expect(problemsOf(withTests('triggers', [scenario('triggers', 'complaints-surge')]))).toEqual([]);
    const repair = { ...shipped('triggers'), kind: 'repair', outcome: shipped('repair').outcome };
    expect(
      problemsOf({
        ...repair,
        tests: [{ name: 'r', facts: scenario('triggers', 'quiet').facts, expect: { firedRules: [] } }],
      }),
    ).toEqual([]);
  });

  it('must each have a unique name, a real as-of date, facts and an expectation of the kind', () => {
    const court = scenario('tiering', 'demo-court');
    const problems = problemsOf(
      withTests('tiering', [
        court,
        { ...court, asOf: '2026-02-30' },
        { name: 'no expectation', facts: court.facts, expect: { score: 80 }, when: 'now' },
        { facts: court.facts, expect: { tier: 'B', points: 3 } },
      ]),
    );
    expect(problems).toEqual([
      { path: 'tests[1].asOf', message: 'must be a calendar date YYYY-MM-DD, not "2026-02-30"' },
      { path: 'tests[1].name', message: 'duplicate scenario name "demo-court" (first at tests[0])' },
      { path: 'tests[2].expect.tier', message: 'is required' },
      { path: 'tests[2].when', message: 'unknown property' },
      { path: 'tests[3].expect.points', message: 'unknown property' },
      { path: 'tests[3].name', message: 'is required' },
    ]);
  });

  it('may only name declared facts, each of its type, and must give those without a default', () => {
    const facts = { ...scenario('tiering', 'demo-court').facts };
    delete facts.open_court_enforcements;
    delete facts.latest_tax_grade; // has a default
    facts.years_in_business = 'thirteen';
    facts.employees = 12;
    expect(problemsOf(withTests('tiering', [{ name: 's', facts, expect: { tier: 'B' } }]))).toEqual([
      { path: 'tests[0].facts', message: 'give "open_court_enforcements": no default to fall back on' },
      { path: 'tests[0].facts.employees', message: 'fact "employees" is not declared in facts' },
      {
        path: 'tests[0].facts.years_in_business',
        message: 'fact "years_in_business" is a number, not "thirteen"',
      },
    ]);
  });

  it('may only expect what the rule set can give: its tiers, its rules, its trigger codes', () => {
    const facts = scenario('tiering', 'demo-court').facts;
    expect(
      problemsOf(
        withTests('tiering', [
          { name: 's', facts, expect: { tier: 'E', firedRules: ['court-enforcement', 'court'] } },
        ]),
      ),
    ).toEqual([
      { path: 'tests[0].expect.firedRules[1]', message: 'no rule is named "court"' },
      { path: 'tests[0].expect.tier', message: `tier "E" is not one of the outcome's tiers (A, B, C, D)` },
    ]);
    const quiet = scenario('triggers', 'quiet').facts;
    expect(
      problemsOf(withTests('triggers', [{ name: 't', facts: quiet, expect: { triggers: ['complaint'] } }])),
    ).toEqual([
      {
        path: 'tests[0].expect.triggers[0]',
        message:
          'no rule fires a trigger with code "complaint" (complaints_surge, monitoring_alert_high, platform_risk_signal)',
      },
    ]);
    expect(
      problemsOf(withTests('frequency', [{ name: 'f', facts: { tier: 'A' }, expect: { tier: 'A' } }])),
    ).toEqual([{ path: 'tests[0].expect.tier', message: 'unknown property' }]);
    expect(problemsOf(withTests('frequency', [{ name: 'f', facts: { tier: 'A' }, expect: {} }]))).toEqual([
      {
        path: 'tests[0].expect',
        message:
          'expect at least one of ratio, visitsPerYear, minIntervalDays, excludedFromRandomDraw, firedRules',
      },
    ]);
  });
});

describe('legal basis of a rule', () => {
  const basis = {
    title: '市场监督管理严重违法失信名单管理办法',
    article: '第二条',
    url: 'https://www.samr.gov.cn/zw/zfxxgk/fdzdgknr/fgs/art/2023/art_1.html',
  };

  it('is accepted with a title, an article and an https link', () => {
    const doc = shipped('tiering');
    doc.rules[0].basis = basis;
    doc.rules[1].basis = { title: basis.title, article: '第十条' };
    expect(problemsOf(doc)).toEqual([]);
  });

  it('needs a title and an article, and a link only over https', () => {
    const doc = shipped('tiering');
    doc.rules[0].basis = { ...basis, url: 'http://www.samr.gov.cn/x' };
    doc.rules[1].basis = { title: basis.title, section: '1' };
    doc.rules[2].basis = { ...basis, url: 'https://' };
    expect(problemsOf(doc)).toEqual([
      {
        path: 'rules[0].basis.url',
        rule: 'serious-dishonesty-list',
        message: 'must be an https:// link, not "http://www.samr.gov.cn/x"',
      },
      { path: 'rules[1].basis.article', rule: 'license-revoked', message: 'is required' },
      { path: 'rules[1].basis.section', rule: 'license-revoked', message: 'unknown property' },
      {
        path: 'rules[2].basis.url',
        rule: 'abnormal-operation-list',
        message: 'must be an https:// link, not "https://"',
      },
    ]);
  });
});
