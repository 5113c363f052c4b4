export { buildFactQuery, type FactColumn, type FactQuery } from './facts/fact-query.builder';
export { FactDeriver, type DerivedFacts } from './facts/fact.deriver';
export { AssessmentService, type AssessOptions, type BatchResult } from './assess/assessment.service';
export { shippedRuleSet, rulesDirectory } from './rule-sets/shipped-rule-sets';
export { AssessmentModule, AssessmentWorkerModule, AssessmentHttpModule } from './assessment.module';
export { AssessmentQueryService } from './read/assessment-query.service';
export { AssessmentView } from './read/assessment.view';
export { ChangeFeed } from './change-feed/change-feed';
export { ReassessMarkedJob } from './change-feed/reassess-marked.job';
