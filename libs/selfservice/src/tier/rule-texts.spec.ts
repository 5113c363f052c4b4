import { validateRuleSet, type RuleSetDocument } from '@app/rules';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulePresentations } from './rule-texts';

const ROOT = join(__dirname, '../../../..');
const shipped = (version: string): RuleSetDocument => {
  const result = validateRuleSet(
    JSON.parse(readFileSync(join(ROOT, 'rules/tiering', `${version}.json`), 'utf8')),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.ruleSet;
};

describe('rulePresentations', () => {
  const v1 = shipped('2026.1');
  const v2 = shipped('2026.2');

  it('explains an assessment of 2026.1 (published without texts) with 2026.2’s texts for the same rules', () => {
    expect(v1.rules.some((r) => r.explanation)).toBe(false);
    const texts = rulePresentations(v1, [v2, v1]);
    expect([...texts.keys()]).toEqual(v1.rules.map((r) => r.name));
    expect(texts.get('minor-penalty')).toEqual({
      explanation: {
        zh: '您近3年内受到轻微行政处罚(含警告), 这会降低您的分类。',
        en: 'You received a minor administrative penalty (including a warning) in the last 3 years; it lowers your tier.',
      },
      internal: true,
    });
    for (const rule of v1.rules) expect(texts.get(rule.name)?.explanation?.en).toEqual(expect.any(String));
  });

  it('uses the deciding version’s own text first, and the newest version that has one otherwise', () => {
    const withOwn: RuleSetDocument = {
      ...v1,
      rules: v1.rules.map((r) =>
        r.name === 'minor-penalty' ? { ...r, explanation: { zh: '自有', en: 'own' }, internal: false } : r,
      ),
    };
    const newer: RuleSetDocument = {
      ...v2,
      version: '2027.1',
      rules: v2.rules.map((r) =>
        r.name === 'tax-grade-c' ? { ...r, explanation: { zh: '较新', en: 'newer' } } : r,
      ),
    };
    const texts = rulePresentations(withOwn, [newer, v2, v1]);
    expect(texts.get('minor-penalty')).toEqual({ explanation: { zh: '自有', en: 'own' }, internal: false });
    expect(texts.get('tax-grade-c')?.explanation?.en).toBe('newer');
    expect(texts.get('tax-grade-d')?.explanation?.en).toBe(
      'Your latest tax credit grade is D; it lowers your tier.',
    );
  });

  it('leaves a rule no version explains without a text (the stored reason is shown)', () => {
    const odd: RuleSetDocument = { ...v1, rules: [{ ...v1.rules[0], name: 'not-in-any-version' }] };
    expect(rulePresentations(odd, [v2, v1]).get('not-in-any-version')).toEqual({
      explanation: undefined,
      internal: undefined,
    });
  });
});
