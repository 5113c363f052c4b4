import { ASSESSMENT_WRITE_HOOKS } from '@app/assessment';
import { AuditService } from '@app/audit';
import { RuleSetStore, RuleSetStoreModule } from '@app/rulesets';
import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ObservationAssessmentHook } from './observation/observation-assessment.hook';
import { ObservationController } from './observation/observation.controller';
import { ObservationQueryService } from './observation/observation-query.service';

/** Observation periods, sandbox and soft enforcement (包容审慎监管): the services. */
@Module({
  imports: [RuleSetStoreModule],
  providers: [ObservationQueryService],
  exports: [ObservationQueryService],
})
export class SupervisionModule {}

/** The HTTP side (api app). */
@Module({ imports: [SupervisionModule], controllers: [ObservationController] })
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
