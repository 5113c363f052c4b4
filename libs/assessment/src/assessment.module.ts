import { Global, Module } from '@nestjs/common';
import { AssessmentService } from './assess/assessment.service';
import { RecomputeService } from './assess/recompute.service';
import { ChangeFeed } from './change-feed/change-feed';
import { ReassessMarkedJob } from './change-feed/reassess-marked.job';
import { AssessmentController } from './read/assessment.controller';
import { AssessmentExplanationService } from './read/assessment-explanation.service';
import { AssessmentQueryService } from './read/assessment-query.service';
import { RULE_SET_ACTIVATION_HOOKS, RuleSetStoreModule } from '@app/rulesets';
import { TieringActivationHook } from './runs/tiering-activation.hook';
import { AssessmentRunController } from './runs/assessment-run.controller';
import { AssessmentRunJobs } from './runs/assessment-run.jobs';
import { AssessmentRunService } from './runs/assessment-run.service';
import { RunMetrics } from './runs/run.metrics';

@Module({
  imports: [RuleSetStoreModule],
  providers: [AssessmentService, ChangeFeed, AssessmentRunService, RecomputeService, RunMetrics],
  exports: [RuleSetStoreModule, AssessmentService, ChangeFeed, AssessmentRunService, RecomputeService],
})
export class AssessmentModule {}

/** The HTTP side (api app): assessments in force, history, recompute, tier summary, re-tier runs. */
@Module({
  imports: [AssessmentModule],
  controllers: [AssessmentController, AssessmentRunController],
  providers: [AssessmentQueryService, AssessmentExplanationService],
})
export class AssessmentHttpModule {}

/** The worker side: the change-feed consumer and the re-tier run jobs. */
@Module({ imports: [AssessmentModule], providers: [ReassessMarkedJob, AssessmentRunJobs] })
export class AssessmentWorkerModule {}

/** A tiering version coming into force starts a re-tier run (worker app: the activation job). */
@Global()
@Module({
  imports: [AssessmentModule],
  providers: [
    TieringActivationHook,
    {
      provide: RULE_SET_ACTIVATION_HOOKS,
      useFactory: (t: TieringActivationHook) => [t],
      inject: [TieringActivationHook],
    },
  ],
  exports: [RULE_SET_ACTIVATION_HOOKS],
})
export class AssessmentRuleSetHooksModule {}
