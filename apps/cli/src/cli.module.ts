import { ApiKeyModule } from '@app/apikeys';
import { AssessmentModule } from '@app/assessment';
import { AuditModule } from '@app/audit';
import { TokenModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { IngestionCoreModule } from '@app/ingestion';
import { InspectionCoreModule } from '@app/inspection';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { RuleSetLifecycleModule } from '@app/rulesets';
import { SelfServiceCoreModule } from '@app/selfservice';
import { SimulationModule } from '@app/simulation';
import { CapitalModule } from '@app/capital';
import { SupervisionAssessmentHooksModule, SupervisionModule } from '@app/supervision';
import { SupervisionDemoStep } from './demo/supervision.demo-step';
import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import {
  ApiKeysCommand,
  ApiKeysCreateCommand,
  ApiKeysListCommand,
  ApiKeysRevokeCommand,
} from './commands/api-keys.command';
import { AssessCommand } from './commands/assess.command';
import { AuditCommand, AuditVerifyCommand } from './commands/audit.command';
import { BenchAssessCommand } from './commands/bench-assess.command';
import { BenchSimulateCommand } from './commands/bench-simulate.command';
import { BenchLightsCommand } from './commands/bench-lights.command';
import { BenchSummaryCommand } from './commands/bench-summary.command';
import { BenchWorkersCommand } from './commands/bench-workers.command';
import {
  BenchCommand,
  BenchIngestCommand,
  BenchPlanCommand,
  BenchSamplingCommand,
  BenchAllCommand,
} from './commands/bench.command';
import { DemoCommand } from './commands/demo.command';
import { ConsoleDemoStep } from './demo/console.demo-step';
import { IngestCommand } from './commands/ingest.command';
import { InspectorsCommand, InspectorsImportCommand } from './commands/inspectors.command';
import { MigrateCommand } from './commands/migrate.command';
import { PlanCommand, PlanCreateCommand, PlanExportCommand } from './commands/plan.command';
import { SeedCommand } from './commands/seed.command';
import { DemoSeed } from './demo-seed';
import { InspectionLimitsDemoStep } from './demo/inspection-limits.demo-step';
import { SelfServiceDemoStep } from './demo/self-service.demo-step';
import { CapitalDemoStep } from './demo/capital.demo-step';
import { FuzzCommand } from './fuzz/fuzz.command';

/**
 * The nest-commander commands (they need the database, some the queue). The offline ones — rules,
 * plan verify, token — are program.ts's and never boot this module.
 */
export const CLI_COMMANDS = [
  MigrateCommand,
  SeedCommand,
  DemoCommand,
  IngestCommand,
  ApiKeysCommand,
  ApiKeysCreateCommand,
  ApiKeysListCommand,
  ApiKeysRevokeCommand,
  AuditCommand,
  AuditVerifyCommand,
  BenchCommand,
  BenchAllCommand,
  BenchIngestCommand,
  BenchAssessCommand,
  BenchSamplingCommand,
  BenchPlanCommand,
  BenchSimulateCommand,
  BenchLightsCommand,
  BenchWorkersCommand,
  BenchSummaryCommand,
  AssessCommand,
  InspectorsCommand,
  InspectorsImportCommand,
  PlanCommand,
  PlanCreateCommand,
  PlanExportCommand,
  FuzzCommand,
];

@Module({})
export class CliModule {
  /** The CLI migrates explicitly (its commands decide when), never as a side effect of booting. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config.with({ MIGRATIONS_RUN: false })),
        ClsModule.forRoot({ global: true }),
        PersistenceModule.forRoot('tierwatch-cli'),
        QueueModule,
        AuditModule,
        TokenModule,
        ApiKeyModule,
        IngestionCoreModule,
        AssessmentModule,
        InspectionCoreModule,
        RuleSetLifecycleModule,
        SimulationModule,
        SelfServiceCoreModule,
        CapitalModule,
        SupervisionAssessmentHooksModule,
        SupervisionModule,
      ],
      providers: [
        DemoSeed,
        InspectionLimitsDemoStep,
        SelfServiceDemoStep,
        CapitalDemoStep,
        SupervisionDemoStep,
        ConsoleDemoStep,
        ...CLI_COMMANDS,
      ],
    };
  }
}
