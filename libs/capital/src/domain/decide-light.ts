import type { FiredRule, LegalBasis, RuleSetDocument } from '@app/rules';
import { Light, lightRank } from './investment-event.types';

/** One rule that fired, as the evidence of a light shows it. */
export interface FiredLightRule {
  rule: string;
  code: string;
  light: 'red' | 'yellow';
  reason: string;
  factor: string;
  /** The value of the fact it names, as the rules saw it. */
  value: unknown;
  basis?: LegalBasis;
}

/** The light of an event: the highest of the rules that fired, green when none did. */
export function decideLight(
  ruleSet: RuleSetDocument,
  facts: Readonly<Record<string, unknown>>,
  fired: readonly FiredRule[],
): { light: Light; fired: FiredLightRule[] } {
  const bases = new Map(ruleSet.rules.map((r) => [r.name, r.basis]));
  let light: Light = 'green';
  const rules: FiredLightRule[] = [];
  for (const f of fired) {
    if (f.event.type !== 'light') continue;
    const p = f.event.params ?? {};
    const l = p.light === 'red' ? 'red' : 'yellow';
    const item: FiredLightRule = {
      rule: f.name,
      code: String(p.code),
      light: l,
      reason: String(p.reason),
      factor: String(p.factor),
      value: facts[String(p.factor)],
    };
    const basis = bases.get(f.name);
    if (basis) item.basis = basis;
    rules.push(item);
    if (lightRank(l) > lightRank(light)) light = l;
  }
  rules.sort((a, b) => lightRank(b.light) - lightRank(a.light) || a.rule.localeCompare(b.rule));
  return { light, fired: rules };
}
