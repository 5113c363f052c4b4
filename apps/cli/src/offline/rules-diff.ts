export function diffRulesFiles(_from: string, _to: string): void {
  throw new Error('rules diff: waiting for diffRuleSets');
}
