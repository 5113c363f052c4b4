import { diffRuleSets } from '@app/rules';
import { validRuleSetOf } from './rule-set-file';

export interface DiffOptions {
  exitCode?: boolean;
  summary?: boolean;
}

/**
 * `tierwatch rules diff FROM TO`: the structured difference (facts, rules and scenarios added,
 * removed, changed with the changed fields; outcome changes) as JSON, or with --summary one line
 * per change. Exit 1 when either document
 * is invalid, or with --exit-code when they differ.
 */
export function diffRulesFiles(from: string, to: string, options: DiffOptions = {}): void {
  const before = validRuleSetOf(from);
  const after = validRuleSetOf(to);
  if (!before || !after) return;
  const diff = diffRuleSets(before, after);
  if (options.summary) for (const line of diff.summary) console.log(line);
  else console.log(JSON.stringify(diff, null, 2));
  if (options.exitCode && !diff.identical) process.exitCode = 1;
}
