import type { RuleDocument, RuleSetDocument } from '@app/rules';

/** What the enterprise is shown of a rule: its plain-language text and whether its weight is internal. */
export type RulePresentation = Pick<RuleDocument, 'explanation' | 'internal'>;

/**
 * The presentation of each rule of the version that decided: the rule's own `explanation` and
 * `internal` when it has an explanation; otherwise those of the same rule name in the newest
 * published version of the kind that explains it (`published`: latest effectiveFrom first). So an
 * assessment made under tiering 2026.1 — published without texts — is explained with 2026.2's texts
 * (and hides the weights 2026.2 marks internal). Texts never decide anything: the tier, score and
 * fired rules stay those of the deciding version. A rule no version explains keeps its stored reason.
 */
export function rulePresentations(
  decidedBy: RuleSetDocument,
  published: readonly RuleSetDocument[],
): Map<string, RulePresentation> {
  const presentations = new Map<string, RulePresentation>();
  for (const rule of decidedBy.rules) {
    const source = rule.explanation
      ? rule
      : published.map((v) => v.rules.find((r) => r.name === rule.name)).find((r) => r?.explanation);
    presentations.set(rule.name, { explanation: source?.explanation, internal: source?.internal });
  }
  return presentations;
}
