export * from './rule-set.types';
export * from './fact-catalog.const';
export { RULE_OPERATORS, OPERATOR_DECORATORS, parseOperator } from './rule-operator.const';
export type { RuleOperator, OperatorDecorator, ParsedOperator } from './rule-operator.const';
export { RULE_SET_SCHEMA, RULE_SET_SCHEMA_ID } from './rule-set.schema';
export { validateRuleSet } from './rule-set.validator';
export { derivationOf } from './fact-derivation';
export type { FactDerivation } from './fact-derivation';
export { parseIsoDuration, windowBounds } from './iso-duration.util';
export type { IsoDuration } from './iso-duration.util';
export { epochDayOf } from './epoch-day.util';
export { factValueOf, resolveFacts } from './resolve-facts';
export type { FactProblem, FactValue, ResolvedFacts } from './resolve-facts';
export { decideOutcome, OutcomeError } from './tier-outcome';
export type { AppliedOverride, Outcome, ScoredFactor } from './tier-outcome';
export {
  evaluateRuleSet,
  evaluateRuleSetSync,
  factsDigest,
  FactsUnavailableError,
} from './evaluate-rule-set';
export type { RuleSetEvaluation } from './evaluate-rule-set';
export { TIERING_EVENT_TYPES, OVERRIDE_MODES } from './rule-event.check';
export {
  asFrequencyRuleSet,
  decideFrequencyPolicy,
  evaluateFrequencyPolicy,
  samplingStrata,
} from './frequency-policy';
export type { FrequencyPolicy, PolicyReason } from './frequency-policy';
export { FREQUENCY_EVENT_TYPES } from './frequency-outcome.check';
export { TRIGGER_EVENT_TYPES } from './triggers-outcome.check';
export { OBSERVATION_EVENT_TYPES } from './observation-outcome.check';
export {
  addDuration,
  asTriggersRuleSet,
  decideTriggeredTasks,
  decideTriggers,
  evaluateTriggers,
} from './triggered-tasks';
export type {
  ExistingTriggeredTask,
  FiredTrigger,
  TriggerDecision,
  TriggerEvaluation,
} from './triggered-tasks';
export { checkPlanStrata, randomDrawEligibility } from './frequency-limits';
export type { DrawEligibility, IneligibleCode, InspectionHistory, PlanItems } from './frequency-limits';
export {
  checkRepairOutcome,
  parseRepairDuration,
  type PlainText,
  type RepairDuration,
  type RepairGrade,
  type RepairGradeMatch,
  type RepairOutcomeSpec,
  type RepairProfile,
} from './repair-outcome.check';
export { INVESTMENT_LIGHTS, checkInvestmentLightOutcome } from './investment-light-outcome.check';
