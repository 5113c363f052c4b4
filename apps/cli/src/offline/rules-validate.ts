import { DomainError } from '@app/domain';
import { parseDeadlineRules, parseYearCalendar, staticChecks, validateRuleSet } from '@app/rules';
import { readJson } from '../read-json';

/**
 * `tierwatch rules validate FILE`: a rule set (schema, facts, operators, value types, tiers), a
 * calendar year (rules/calendars) or a deadlines version (rules/deadlines); prints every problem and
 * exits 1 on any. A valid rule set's static checks (rules that can never fire, shadowed overrides,
 * band gaps, unused facts, untested rules) are printed as warnings: they do not fail it.
 */
export function validateRulesFile(file: string): void {
  const document = readJson(file, 'rule set');
  if (isRuleData(document)) return validateRuleData(file, document);
  const result = validateRuleSet(document);
  if (result.ok) {
    const { ruleSet, checksum } = result;
    const warnings = staticChecks(ruleSet);
    console.log(
      `${file}: valid ${ruleSet.kind} rule set ${ruleSet.version}, ${ruleSet.rules.length} rules, checksum ${checksum}${warnings.length ? `, ${warnings.length} warning(s)` : ''}`,
    );
    for (const w of warnings) console.error(`  warning ${w.path} [${w.code}]: ${w.message}`);
    return;
  }
  console.error(`${file}: ${result.problems.length} problem(s)`);
  for (const p of result.problems)
    console.error(`  ${p.path}${p.rule ? ` (rule "${p.rule}")` : ''}: ${p.message}`);
  process.exitCode = 1;
}

/** A calendar year (has `holidays`) or a deadlines version (`kind: "deadlines"`) rather than a rule set. */
function isRuleData(document: unknown): document is Record<string, unknown> {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return false;
  const doc = document as Record<string, unknown>;
  return doc.kind === 'deadlines' || (doc.kind === undefined && 'holidays' in doc);
}

function validateRuleData(file: string, document: Record<string, unknown>): void {
  try {
    if (document.kind === 'deadlines') {
      const d = parseDeadlineRules(document, file);
      console.log(
        `${file}: valid deadlines ${d.version} from ${d.effectiveFrom}: publication ${d.publication.workingDays} working days, correction ${d.correction.workingDays}, reminder ${d.reminder.leadHours} h before due`,
      );
    } else {
      const c = parseYearCalendar(document, file);
      console.log(
        `${file}: valid ${c.status} calendar ${c.year}: ${c.holidays.length} holidays, ${c.makeUpWorkdays.length} make-up workdays`,
      );
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`${file}: ${error.details.length} problem(s)`);
    for (const p of error.details) console.error(`  ${p.path}: ${p.message}`);
    process.exitCode = 1;
  }
}
