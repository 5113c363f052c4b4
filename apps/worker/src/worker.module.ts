import { AssessmentRuleSetHooksModule, AssessmentWorkerModule } from '@app/assessment';
import { AuditModule, AuditVerifyJob } from '@app/audit';
import { AppConfig, ConfigModule } from '@app/config';
import { IngestionWorkerModule } from '@app/ingestion';
import { InspectionWorkerModule } from '@app/inspection';
import { structuredLogging } from '@app/http';
import { MetricsModule } from '@app/metrics';
import { PersistenceModule } from '@app/persistence';
import { QueueModule, QueueWorkerModule } from '@app/queue';
import { RuleSetWorkerModule } from '@app/rulesets';
import { SelfServiceWorkerModule } from '@app/selfservice';
import { SimulationWorkerModule } from '@app/simulation';
import { CapitalWorkerModule } from '@app/capital';
import { SupervisionAssessmentHooksModule, SupervisionWorkerModule } from '@app/supervision';
import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { MaintenanceSchedule } from './maintenance.schedule';

/** The worker: BullMQ processors, the outbox relay and scheduled maintenance. No HTTP API. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        MetricsModule,
        structuredLogging(),
        ClsModule.forRoot({ global: true }),
        PersistenceModule.forRoot('tierwatch-worker'),
        QueueModule,
        QueueWorkerModule,
        AuditModule,
        IngestionWorkerModule,
        AssessmentWorkerModule,
        InspectionWorkerModule,
        AssessmentRuleSetHooksModule,
        RuleSetWorkerModule,
        SimulationWorkerModule,
        SelfServiceWorkerModule,
        CapitalWorkerModule,
        SupervisionAssessmentHooksModule,
        SupervisionWorkerModule,
      ],
      providers: [AuditVerifyJob, MaintenanceSchedule],
    };
  }
}
