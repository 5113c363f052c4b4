import { AssessmentModule } from '@app/assessment';
import { IngestionCoreModule } from '@app/ingestion';
import { Module } from '@nestjs/common';
import { Clock } from './clock';
import { InspectorController } from './inspectors/inspector.controller';
import { InspectorService } from './inspectors/inspector.service';
import { PlanController } from './plans/plan.controller';
import { PlanService } from './plans/plan.service';
import { PublicResultsController } from './public/public-results.controller';
import { ResultFeed } from './tasks/result-feed';
import { TaskController } from './tasks/task.controller';
import { TaskJobs } from './tasks/task.jobs';
import { TaskService } from './tasks/task.service';

const SERVICES = [Clock, InspectorService, TaskService, ResultFeed, PlanService];

/** The services, for the CLI and as the base of the others. */
@Module({
  imports: [AssessmentModule, IngestionCoreModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class InspectionCoreModule {}

/** The HTTP side (api app). */
@Module({
  imports: [InspectionCoreModule],
  controllers: [InspectorController, PlanController, TaskController, PublicResultsController],
})
export class InspectionHttpModule {}

/** The jobs (worker app). */
@Module({ imports: [InspectionCoreModule], providers: [TaskJobs] })
export class InspectionWorkerModule {}
