import { ErrorDetail } from '@app/domain';
import {
  diffRuleSets,
  RuleSetDiff,
  RuleSetDocument,
  RuleSetWarning,
  runScenarios,
  ScenarioReport,
  staticChecks,
  validateRuleSet,
} from '@app/rules';

/** What every create and edit of a version learns about its document. */
export interface VersionCheck {
  /** The validated document, when it has no problems. */
  ruleSet?: RuleSetDocument;
  problems: ErrorDetail[];
  warnings: RuleSetWarning[];
  /** The scenario report; null when the document is invalid (its problems say why). */
  scenarios: ScenarioReport | null;
}

/**
 * The full validator, then (for a valid document) its scenario tests and the static checks: the
 * one place the life cycle calls into libs/rules' authoring functions.
 */
export function checkVersion(document: unknown): VersionCheck {
  const validation = validateRuleSet(document);
  if (!validation.ok) {
    return {
      problems: validation.problems.map((p) => ({ path: p.path, message: p.message })),
      warnings: [],
      scenarios: null,
    };
  }
  const ruleSet = validation.ruleSet;
  return { ruleSet, problems: [], warnings: staticChecks(ruleSet), scenarios: runScenarios(ruleSet) };
}

/** The structured diff from one document to another. */
export function diffVersions(from: RuleSetDocument, to: RuleSetDocument): RuleSetDiff {
  return diffRuleSets(from, to);
}
