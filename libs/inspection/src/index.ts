export { Clock } from './clock';
export { InspectionCoreModule, InspectionHttpModule, InspectionWorkerModule } from './inspection.module';
export { InspectorService, type RosterResult } from './inspectors/inspector.service';
export { parseRoster, inspectorCells, type InspectorRow } from './inspectors/inspector-row';
export { TaskService, type TaskFilter } from './tasks/task.service';
export { RuleDataStore, RULE_DATA_DIRECTORY } from './rule-data/rule-data.store';
export { ResultFeed, INSPECTION_SOURCE } from './tasks/result-feed';
export { TaskJobs } from './tasks/task.jobs';
export { spotCheckOf, OUTCOMES, type TaskResult } from './tasks/task-result';
export type { TaskView, TaskRow, TaskDeadlineRules } from './tasks/task.view';
export { PlanService, type PlanView, type PlanSummary, type PlanStage } from './plans/plan.service';
export { planRequestOf, type PlanRequest, type PlanItem } from './plans/plan-request';
export { TriggerService, type TriggerCheckResult } from './triggers/trigger.service';
export { InspectionLimitsService, type InspectionLoadView } from './limits/inspection-limits.service';
export {
  PlatformRiskAssessmentService,
  platformRiskReason,
} from './platforms/platform-risk-assessment.service';
export { PlatformRiskAssessmentJobs } from './platforms/platform-risk-assessment.jobs';
