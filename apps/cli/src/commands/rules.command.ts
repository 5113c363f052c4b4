import { DomainError } from '@app/domain';
import {
  asFrequencyRuleSet,
  asTriggersRuleSet,
  compileRules,
  evaluateFrequencyPolicy,
  evaluateRuleSet,
  evaluateTriggers,
  parseDeadlineRules,
  parseYearCalendar,
  RuleEvaluator,
  RuleSetDocument,
  validateRuleSet,
} from '@app/rules';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { readJson } from '../read-json';

@SubCommand({
  name: 'validate',
  arguments: '<file>',
  description:
    'check a rule set (schema, facts, operators, value types, tiers), a calendar year (rules/calendars) or a deadlines version (rules/deadlines) and print every problem',
})
export class RulesValidateCommand extends CommandRunner {
  async run([file]: string[]): Promise<void> {
    const document = readJson(file, 'rule set');
    if (isRuleData(document)) return validateRuleData(file, document);
    const result = validateRuleSet(document);
    if (result.ok) {
      const { ruleSet, checksum } = result;
      console.log(
        `${file}: valid ${ruleSet.kind} rule set ${ruleSet.version}, ${ruleSet.rules.length} rules, checksum ${checksum}`,
      );
      return;
    }
    console.error(`${file}: ${result.problems.length} problem(s)`);
    for (const p of result.problems)
      console.error(`  ${p.path}${p.rule ? ` (rule "${p.rule}")` : ''}: ${p.message}`);
    process.exitCode = 1;
  }
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

@SubCommand({
  name: 'eval',
  arguments: '<rule-set> <facts>',
  description:
    'evaluate one fact set (JSON object) with a rule set, no database; prints the outcome (tier, frequency policy or fired triggers) as JSON',
})
export class RulesEvalCommand extends CommandRunner {
  async run([ruleSetFile, factsFile]: string[]): Promise<void> {
    const result = validateRuleSet(readJson(ruleSetFile, 'rule set'));
    if (!result.ok) {
      console.error(`${ruleSetFile}: invalid rule set (run: tierwatch rules validate ${ruleSetFile})`);
      for (const p of result.problems) console.error(`  ${p.path}: ${p.message}`);
      process.exitCode = 1;
      return;
    }
    const facts = readJson(factsFile, 'facts');
    if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) {
      console.error(`${factsFile}: facts must be a JSON object of fact name → value`);
      process.exitCode = 1;
      return;
    }
    const { evaluator, unsupported } = compileRules(result.ruleSet.rules);
    if (unsupported.length > 0) console.error(`falling back to json-rules-engine: ${unsupported.join('; ')}`);
    const outcome = await evaluate(result.ruleSet, facts as Record<string, unknown>, evaluator);
    console.log(JSON.stringify(outcome, null, 2));
  }
}

/** A frequency rule set reads the tier from the fact declared `from: "assessment.tier"`. */
async function evaluate(
  ruleSet: RuleSetDocument,
  facts: Record<string, unknown>,
  evaluator: RuleEvaluator,
): Promise<unknown> {
  switch (ruleSet.kind) {
    case 'frequency': {
      const frequency = asFrequencyRuleSet(ruleSet);
      const name = Object.keys(frequency.facts).find((f) => frequency.facts[f].from === 'assessment.tier');
      const tier = name === undefined ? undefined : facts[name];
      if (typeof tier !== 'string') throw new Error(`facts must give the tier as "${name ?? 'tier'}"`);
      return evaluateFrequencyPolicy(frequency, tier, facts, evaluator);
    }
    case 'triggers':
      return evaluateTriggers(asTriggersRuleSet(ruleSet), facts, evaluator);
    default:
      return evaluateRuleSet(ruleSet, facts, evaluator);
  }
}

@Command({
  name: 'rules',
  description: 'rule sets: validate, eval',
  subCommands: [RulesValidateCommand, RulesEvalCommand],
})
export class RulesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
