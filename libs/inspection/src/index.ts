export { Clock } from './clock';
export { InspectionCoreModule, InspectionHttpModule, InspectionWorkerModule } from './inspection.module';
export { InspectorService, type RosterResult } from './inspectors/inspector.service';
export { parseInspectorRow, type InspectorRow } from './inspectors/inspector-row';
export {
  TaskService,
  PUBLICATION_WORKING_DAYS,
  CORRECTION_WORKING_DAYS,
  REMINDER_LEAD_MS,
  type TaskFilter,
} from './tasks/task.service';
export { ResultFeed, INSPECTION_SOURCE } from './tasks/result-feed';
export { TaskJobs } from './tasks/task.jobs';
export { parseTaskResult, spotCheckOf, OUTCOMES, type TaskResult } from './tasks/task-result';
export type { TaskView, TaskRow } from './tasks/task.view';
export { PlanService, type PlanView, type PlanSummary, type PlanStage } from './plans/plan.service';
export { parsePlanRequest, type PlanRequest, type PlanItem } from './plans/plan-request';
export { TriggerService, type TriggerCheckResult } from './triggers/trigger.service';
