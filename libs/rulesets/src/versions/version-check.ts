import { ErrorDetail } from '@app/domain';
import { RuleSetDocument, runScenarios, ScenarioReport, validateRuleSet } from '@app/rules';

/** One static-check warning (contract with libs/rules: path, code, message). */
export interface VersionWarning {
  path: string;
  code: string;
  message: string;
}

/** What every create and edit of a version learns about its document. */
export interface VersionCheck {
  /** The validated document, when it has no problems. */
  ruleSet?: RuleSetDocument;
  problems: ErrorDetail[];
  warnings: VersionWarning[];
  /** The scenario report; null when the document is invalid (scenarios cannot run). */
  scenarios: ScenarioReport | null;
}

/**
 * The full validator, then (for a valid document) its scenario tests and the static checks. The
 * one place the lifecycle calls into libs/rules' authoring functions.
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
  return { ruleSet, problems: [], warnings: staticWarnings(ruleSet), scenarios: runScenarios(ruleSet) };
}

/** Static checks (libs/rules `staticChecks`), until that function lands: none. */
function staticWarnings(_ruleSet: RuleSetDocument): VersionWarning[] {
  return [];
}

/** The structured diff of two documents (libs/rules `diffRuleSets`), until that function lands. */
export function diffVersions(from: RuleSetDocument, to: RuleSetDocument): unknown {
  return { pending: 'diffRuleSets is not merged yet', from: from.version, to: to.version };
}
