export { runScenarios, scenarioApplies, scenarioEvaluator, scenariosOf } from './scenario-runner';
export type { RunScenariosOptions, ScenarioOutcome, ScenarioReport, ScenarioResult } from './scenario-runner';
export { defaultScenarios, scenariosDirectory } from './default-scenarios.loader';
export { diffRuleSets } from './rule-set.diff';
export type { FieldChange, ItemChanges, RuleSetDiff, SectionDiff } from './rule-set.diff';
export { staticChecks } from './static-checks';
export type { RuleSetWarning } from './static-checks';
export { explainWhyNot } from './why-not';
export type {
  EvaluationLike,
  FailedCondition,
  NotFiredRule,
  RuleReference,
  TierDistance,
  WhyNotExplanation,
} from './why-not';
