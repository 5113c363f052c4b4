import { DomainError, ErrorCode, RULE_SET_KINDS, RuleSetKind } from '@app/domain';
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

export interface ShippedRuleSet {
  /** rules/<kind>/<file>, for messages. */
  file: string;
  ruleSet: RuleSetDocument;
}

/**
 * Every shipped rule set (rules/<kind>/*.json) of the given kinds. Every file must validate: a broken
 * one stops everything rather than tier silently.
 */
export function shippedRuleSets(
  kinds: readonly RuleSetKind[] = RULE_SET_KINDS,
  directory = rulesDirectory(),
): ShippedRuleSet[] {
  const found: ShippedRuleSet[] = [];
  for (const kind of kinds) {
    const folder = join(directory, kind);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const result = validateRuleSet(JSON.parse(readFileSync(join(folder, file), 'utf8')));
      if (!result.ok) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `shipped rule set ${kind}/${file} is invalid`,
          result.problems.map((p) => ({ path: p.path, message: p.message })),
        );
      }
      if (result.ruleSet.kind !== kind) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `shipped rule set ${kind}/${file} declares kind "${result.ruleSet.kind}"`,
        );
      }
      found.push({ file: `rules/${kind}/${file}`, ruleSet: result.ruleSet });
    }
  }
  return found;
}

/** The instant a regulatory date (YYYY-MM-DD, Asia/Shanghai) ends, in epoch milliseconds. */
function endOfDay(asOf: string): number {
  return new Date(`${asOf}T23:59:59.999+08:00`).getTime();
}

/** Of several versions, the one in force on a date: the latest effectiveFrom not after it. */
export function inForceOn<T extends { effectiveFrom: string }>(
  versions: readonly T[],
  asOf: string,
): T | undefined {
  const asOfInstant = endOfDay(asOf);
  return versions
    .filter((r) => Date.parse(r.effectiveFrom) <= asOfInstant)
    .sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom))[0];
}

/**
 * The shipped rule set of a kind in force on a date, read from the files (no database: the CLI's
 * offline commands and tests). The service path reads published versions through RuleSetStore.
 */
export function shippedRuleSet(
  kind: RuleSetKind,
  asOf: string,
  directory = rulesDirectory(),
): RuleSetDocument {
  const found = inForceOn(
    shippedRuleSets([kind], directory).map((s) => s.ruleSet),
    asOf,
  );
  if (!found) throw new DomainError(ErrorCode.NotFound, `no ${kind} rule set in force on ${asOf}`);
  return found;
}
