export type { Facts, FiredRule, RuleEvaluator, RuleEvent } from './fired-rule';
export { createReferenceEvaluator } from './reference.engine';
export { compileRules, type CompileRulesResult } from './rule.compiler';
