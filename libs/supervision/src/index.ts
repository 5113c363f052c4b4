export {
  SupervisionModule,
  SupervisionHttpModule,
  SupervisionWorkerModule,
  SupervisionAssessmentHooksModule,
} from './supervision.module';
export { ObservationService } from './observation/observation.service';
export { SupervisionJobs } from './supervision.jobs';
export {
  matchNewBusinessForm,
  newBusinessFormSqlParams,
  parseNewBusinessForms,
  readNewBusinessForms,
  type NewBusinessFormData,
  type NewBusinessFormMatch,
} from './new-business-forms/new-business-forms';
export {
  asObservationRuleSet,
  daysRemaining,
  decideObservation,
  periodEndsOn,
  resolveObservationFacts,
  type ObservationDecision,
  type ObservationReason,
} from './observation/observation-eligibility';
export { ObservationAssessmentHook } from './observation/observation-assessment.hook';
export { ObservationQueryService } from './observation/observation-query.service';
export { supervisionStatusOn, type SupervisionStatus } from './supervision-status';
export { endObservationBySeriousTriggers, type SeriousTrigger } from './observation/observation-early-end';
export { SandboxService } from './sandbox/sandbox.service';
export { EnforcementService } from './enforcement/enforcement.service';
export {
  decideRecommendation,
  MEASURE_NAMES,
  type Recommendation,
} from './enforcement/enforcement-recommendation';
export { readFirstOffenceItems, type FirstOffenceItems } from './enforcement/first-offence-items';
export { EnterpriseObservationView, ObservationPeriodView } from './observation/observation.view';
