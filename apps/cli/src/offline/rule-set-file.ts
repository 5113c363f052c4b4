import { RuleSetDocument, validateRuleSet } from '@app/rules';
import { readJson } from '../read-json';

/**
 * The rule set of a file, validated; undefined (its problems on stderr, exit code 1) when invalid —
 * a command never runs on a document the validator refuses.
 */
export function validRuleSetOf(file: string): RuleSetDocument | undefined {
  const result = validateRuleSet(readJson(file, 'rule set'));
  if (result.ok) return result.ruleSet;
  console.error(
    `${file}: invalid rule set, ${result.problems.length} problem(s) (run: tierwatch rules validate ${file})`,
  );
  for (const p of result.problems)
    console.error(`  ${p.path}${p.rule ? ` (rule "${p.rule}")` : ''}: ${p.message}`);
  process.exitCode = 1;
  return undefined;
}
