export { buildFactQuery, type FactColumn, type FactQuery } from './facts/fact-query.builder';
export { FactDeriver, type DerivedFacts } from './facts/fact.deriver';
export { AssessmentService, type AssessOptions, type BatchResult } from './assess/assessment.service';
export { shippedRuleSet, rulesDirectory } from './rule-sets/shipped-rule-sets';
export { AssessmentModule } from './assessment.module';
