import { Module } from '@nestjs/common';
import { AssessmentService } from './assess/assessment.service';
import { ChangeFeed } from './change-feed/change-feed';
import { ReassessMarkedJob } from './change-feed/reassess-marked.job';
import { AssessmentController } from './read/assessment.controller';
import { AssessmentQueryService } from './read/assessment-query.service';

@Module({ providers: [AssessmentService, ChangeFeed], exports: [AssessmentService, ChangeFeed] })
export class AssessmentModule {}

/** The HTTP side (api app): assessments in force, history, tier summary. */
@Module({
  imports: [AssessmentModule],
  controllers: [AssessmentController],
  providers: [AssessmentQueryService],
})
export class AssessmentHttpModule {}

/** The change-feed consumer (worker app). */
@Module({ imports: [AssessmentModule], providers: [ReassessMarkedJob] })
export class AssessmentWorkerModule {}
