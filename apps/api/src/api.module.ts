import { ApiKeyHttpModule, ApiKeyModule } from '@app/apikeys';
import { AssessmentHttpModule } from '@app/assessment';
import { SupervisionHttpModule } from '@app/supervision';
import { InspectionHttpModule } from '@app/inspection';
import { AuditHttpModule, AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { correlationIdOf, HealthModule, structuredLogging } from '@app/http';
import { IngestionModule } from '@app/ingestion';
import { MetricsModule } from '@app/metrics';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { RuleSetHttpModule } from '@app/rulesets';
import { SelfServiceHttpModule } from '@app/selfservice';
import { SimulationHttpModule } from '@app/simulation';
import { CapitalHttpModule } from '@app/capital';
import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueueAdminModule } from './queue-admin.controller';
import { DevLoginModule } from './web/dev-login.controller';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        MetricsModule,
        structuredLogging(),
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            generateId: true,
            idGenerator: (req: IncomingMessage) => correlationIdOf(req),
            setup: (cls, _req, res: ServerResponse) => {
              res.setHeader('x-correlation-id', cls.getId());
            },
          },
        }),
        PersistenceModule.forRoot('tierwatch-api'),
        QueueModule,
        AuditModule,
        ApiKeyModule,
        AuthModule,
        HealthModule,
        AuditHttpModule,
        IngestionModule,
        AssessmentHttpModule,
        SupervisionHttpModule,
        InspectionHttpModule,
        QueueAdminModule,
        ApiKeyHttpModule,
        RuleSetHttpModule,
        SimulationHttpModule,
        SelfServiceHttpModule,
        CapitalHttpModule,
        ...(config?.authDevLogin ? [DevLoginModule] : []),
      ],
    };
  }
}
