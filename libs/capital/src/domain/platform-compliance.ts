import type { FiredRule, LegalBasis, RuleSetDocument } from '@app/rules';

/** One responsibility-list finding (a rule that fired), as the compliance answer shows it. */
export interface ComplianceFinding {
  rule: string;
  code: string;
  grade: string;
  reason: string;
  factor: string;
  /** The value of the fact it names, as the rules saw it. */
  value: unknown;
  basis?: LegalBasis;
  /** Ids of the records behind the fact (credit or risk records; investment warnings for warnings.*). */
  records: string[];
}

export interface ComplianceDecision {
  grade: string;
  findings: ComplianceFinding[];
}

/**
 * The platform-compliance grade: `outcome.grades` lists the grades best first; the best is given
 * when no rule fires, otherwise the worst grade any fired rule gives. Findings are listed worst first,
 * then by rule name.
 */
export function decideCompliance(
  ruleSet: RuleSetDocument,
  facts: Readonly<Record<string, unknown>>,
  fired: readonly FiredRule[],
  evidence: Readonly<Record<string, readonly string[]>> = {},
): ComplianceDecision {
  const grades = (ruleSet.outcome as { grades: string[] }).grades;
  const rank = (g: string): number => grades.indexOf(g);
  const bases = new Map(ruleSet.rules.map((r) => [r.name, r.basis]));
  let grade = grades[0];
  const findings: ComplianceFinding[] = [];
  for (const f of fired) {
    if (f.event.type !== 'compliance') continue;
    const p = f.event.params ?? {};
    const factor = String(p.factor);
    const finding: ComplianceFinding = {
      rule: f.name,
      code: String(p.code),
      grade: String(p.grade),
      reason: String(p.reason),
      factor,
      value: facts[factor],
      records: [...(evidence[factor] ?? [])],
    };
    const basis = bases.get(f.name);
    if (basis) finding.basis = basis;
    findings.push(finding);
    if (rank(finding.grade) > rank(grade)) grade = finding.grade;
  }
  findings.sort((a, b) => rank(b.grade) - rank(a.grade) || a.rule.localeCompare(b.rule));
  return { grade, findings };
}
