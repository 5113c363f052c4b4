import { AssessmentModule } from '@app/assessment';
import { RuleSetStoreModule } from '@app/rulesets';
import { Module } from '@nestjs/common';
import { InvestmentEventService } from './events/investment-event.service';
import { CapitalIngestController } from './http/capital-ingest.controller';
import { CapitalController } from './http/capital.controller';
import { EnterpriseLightsService } from './lights/enterprise-lights.service';
import { GroupRepository } from './lights/group.repository';
import { LightRulesProvider } from './lights/light-rules.provider';
import { LightService } from './lights/light.service';
import { MergerCheckService } from './merger/merger-check.service';
import { OwnershipLinkService } from './ownership/ownership-link.service';
import { PlatformGradeService } from './platforms/platform-grade.service';
import { PlatformComplianceService } from './platforms/platform-compliance.service';
import { InvestmentWarningService } from './warnings/investment-warning.service';
import { WarningQuietJob } from './warnings/warning-quiet.job';

const SERVICES = [
  LightRulesProvider,
  GroupRepository,
  LightService,
  InvestmentEventService,
  OwnershipLinkService,
  InvestmentWarningService,
  EnterpriseLightsService,
  MergerCheckService,
  PlatformGradeService,
  PlatformComplianceService,
];

/** Capital lights (资本红绿灯): events, ownership, lights, warnings, merger checks (issue #14). */
@Module({ imports: [RuleSetStoreModule, AssessmentModule], providers: SERVICES, exports: SERVICES })
export class CapitalModule {}

/** The HTTP side (api app). */
@Module({ imports: [CapitalModule], controllers: [CapitalIngestController, CapitalController] })
export class CapitalHttpModule {}

/** The worker side: a yellow warning's quiet period ending. */
@Module({ imports: [CapitalModule, AssessmentModule], providers: [WarningQuietJob] })
export class CapitalWorkerModule {}
