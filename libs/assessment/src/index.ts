export { buildFactQuery, literal, type FactColumn, type FactQuery } from './facts/fact-query.builder';
export { FactDeriver, type DerivedFacts, type FactsKey } from './facts/fact.deriver';
export { contentKey } from './assess/content-key';
export {
  AssessmentService,
  factsKeyPrefix,
  type AssessOptions,
  type BatchResult,
  type PreparedAssessment,
} from './assess/assessment.service';
export { RecomputeService, type RecomputeView } from './assess/recompute.service';
export {
  AssessmentModule,
  AssessmentWorkerModule,
  AssessmentHttpModule,
  AssessmentRuleSetHooksModule,
} from './assessment.module';
export { TieringActivationHook } from './runs/tiering-activation.hook';
export { AssessmentQueryService } from './read/assessment-query.service';
export { AssessmentView } from './read/assessment.view';
export { ChangeFeed } from './change-feed/change-feed';
export { ReassessMarkedJob } from './change-feed/reassess-marked.job';
export { AssessmentRunService, type CreateRun, type ChunkOutcome } from './runs/assessment-run.service';
export { AssessmentRunJobs } from './runs/assessment-run.jobs';
export type { AssessmentRunView } from './runs/assessment-run.view';
export { runScopeOf, runProgress, scopeCondition, scopeMembers, type RunScope } from './runs/run-scope';
export { parseRunScope, CreateRunDto } from './runs/assessment-run.dto';
export { ENTERPRISE_CHANGE_HOOKS, type EnterpriseChangeHook } from './change-feed/enterprise-change.hook';
export {
  ASSESSMENT_WRITE_HOOKS,
  type AssessmentWriteHook,
  type AssessedBatch,
} from './assess/assessment-write.hook';
