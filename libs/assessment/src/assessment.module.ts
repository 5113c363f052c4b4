import { Module } from '@nestjs/common';
import { AssessmentService } from './assess/assessment.service';
import { ChangeFeed } from './change-feed/change-feed';
import { ReassessMarkedJob } from './change-feed/reassess-marked.job';

@Module({ providers: [AssessmentService, ChangeFeed], exports: [AssessmentService, ChangeFeed] })
export class AssessmentModule {}

/** The change-feed consumer (worker app). */
@Module({ imports: [AssessmentModule], providers: [ReassessMarkedJob] })
export class AssessmentWorkerModule {}
