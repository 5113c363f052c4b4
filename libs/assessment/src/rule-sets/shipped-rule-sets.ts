import { DomainError, ErrorCode } from '@app/domain';
import { RuleSetDocument, validateRuleSet } from '@app/rules';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The rules/ folder of the repository (or of the image), found from this file whether built or not. */
export function rulesDirectory(start = __dirname): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'rules', 'tiering');
    if (existsSync(candidate)) return join(dir, 'rules');
  }
  throw new DomainError(ErrorCode.NotFound, `cannot find the rules/ folder above ${start}`);
}

/**
 * The shipped rule set of a kind in force on a date: the version with the latest effectiveFrom not
 * after it. Every shipped file must validate; a broken one stops everything rather than tier silently.
 */
export function shippedRuleSet(kind: string, asOf: string, directory = rulesDirectory()): RuleSetDocument {
  const folder = join(directory, kind);
  const candidates: RuleSetDocument[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
    const result = validateRuleSet(JSON.parse(readFileSync(join(folder, file), 'utf8')));
    if (!result.ok) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `shipped rule set ${kind}/${file} is invalid`,
        result.problems.map((p) => ({ path: p.path, message: p.message })),
      );
    }
    candidates.push(result.ruleSet);
  }
  const asOfInstant = new Date(`${asOf}T23:59:59.999+08:00`).getTime();
  const inForce = candidates
    .filter((r) => Date.parse(r.effectiveFrom) <= asOfInstant)
    .sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom));
  if (inForce.length === 0)
    throw new DomainError(ErrorCode.NotFound, `no ${kind} rule set in force on ${asOf}`);
  return inForce[0];
}
