import { ASSESSMENT_WRITE_HOOKS, AssessmentModule } from '@app/assessment';
import { AuditService } from '@app/audit';
import { RuleSetStore, RuleSetStoreModule } from '@app/rulesets';
import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ObservationAssessmentHook } from './observation/observation-assessment.hook';
import { ObservationController } from './observation/observation.controller';
import { ObservationQueryService } from './observation/observation-query.service';
import { ObservationService } from './observation/observation.service';
import { EnforcementController } from './enforcement/enforcement.controller';
import { EnforcementService } from './enforcement/enforcement.service';
import { SandboxController } from './sandbox/sandbox.controller';
import { SandboxService } from './sandbox/sandbox.service';
import { SupervisionJobs } from './supervision.jobs';

/** Observation periods, sandbox and soft enforcement (包容审慎监管): the services. */
@Module({
  imports: [RuleSetStoreModule, AssessmentModule],
  providers: [ObservationQueryService, ObservationService, SandboxService, EnforcementService],
  exports: [ObservationQueryService, ObservationService, SandboxService, EnforcementService],
})
export class SupervisionModule {}

/** The daily expiry job (worker app). */
@Module({ imports: [SupervisionModule], providers: [SupervisionJobs] })
export class SupervisionWorkerModule {}

/** The HTTP side (api app). */
@Module({
  imports: [SupervisionModule],
  controllers: [ObservationController, SandboxController, EnforcementController],
})
export class SupervisionHttpModule {}

/**
 * Automatic entry into and exit from observation periods with every assessment written (worker and
 * CLI apps, wherever assessments are written).
 */
@Global()
@Module({
  imports: [RuleSetStoreModule],
  providers: [
    {
      provide: ObservationAssessmentHook,
      useFactory: (ds: DataSource, store: RuleSetStore, audit: AuditService) =>
        new ObservationAssessmentHook(ds, store, audit),
      inject: [DataSource, RuleSetStore, AuditService],
    },
    {
      provide: ASSESSMENT_WRITE_HOOKS,
      useFactory: (o: ObservationAssessmentHook) => [o],
      inject: [ObservationAssessmentHook],
    },
  ],
  exports: [ASSESSMENT_WRITE_HOOKS],
})
export class SupervisionAssessmentHooksModule {}
