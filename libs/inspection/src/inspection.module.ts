import { CapitalModule } from '@app/capital';
import { PlatformRiskAssessmentJobs } from './platforms/platform-risk-assessment.jobs';
import { PlatformRiskAssessmentService } from './platforms/platform-risk-assessment.service';
import { AssessmentModule } from '@app/assessment';
import { IngestionCoreModule } from '@app/ingestion';
import { ENTERPRISE_CHANGE_HOOKS } from '@app/assessment';
import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { InspectorController } from './inspectors/inspector.controller';
import { InspectorService } from './inspectors/inspector.service';
import { InspectionLimitsController } from './limits/inspection-limits.controller';
import { InspectionLimitsService } from './limits/inspection-limits.service';
import { PlanController } from './plans/plan.controller';
import { PlanService } from './plans/plan.service';
import { PublicResultsController } from './public/public-results.controller';
import { PublicResultsService } from './public/public-results.service';
import { RuleDataStore } from './rule-data/rule-data.store';
import { ResultFeed } from './tasks/result-feed';
import { TaskController } from './tasks/task.controller';
import { TaskJobs } from './tasks/task.jobs';
import { TaskMetrics } from './tasks/task.metrics';
import { TaskService } from './tasks/task.service';
import { TriggerService } from './triggers/trigger.service';

const SERVICES = [
  Clock,
  RuleDataStore,
  InspectorService,
  TaskService,
  ResultFeed,
  PlanService,
  TriggerService,
  InspectionLimitsService,
];

/** The services, for the CLI and as the base of the others. */
@Module({
  imports: [AssessmentModule, IngestionCoreModule],
  providers: [...SERVICES, TaskMetrics],
  exports: SERVICES,
})
export class InspectionCoreModule {}

/** The HTTP side (api app). */
@Module({
  imports: [InspectionCoreModule],
  providers: [PublicResultsService],
  controllers: [
    InspectorController,
    PlanController,
    TaskController,
    PublicResultsController,
    InspectionLimitsController,
  ],
})
export class InspectionHttpModule {}

/** The triggers see the enterprises the change feed re-assessed (worker app). */
@Global()
@Module({
  imports: [InspectionCoreModule],
  providers: [
    { provide: ENTERPRISE_CHANGE_HOOKS, useFactory: (t: TriggerService) => [t], inject: [TriggerService] },
  ],
  exports: [ENTERPRISE_CHANGE_HOOKS],
})
export class InspectionHooksModule {}

/** The jobs and the triggers (worker app). */
@Module({
  imports: [InspectionCoreModule, InspectionHooksModule, CapitalModule],
  providers: [TaskJobs, PlatformRiskAssessmentService, PlatformRiskAssessmentJobs],
})
export class InspectionWorkerModule {}
