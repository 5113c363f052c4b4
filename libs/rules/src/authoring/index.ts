export { runScenarios, scenarioEvaluator, scenariosOf } from './scenario-runner';
export type { RunScenariosOptions, ScenarioOutcome, ScenarioReport, ScenarioResult } from './scenario-runner';
export { defaultScenarios, scenariosDirectory } from './default-scenarios.loader';
