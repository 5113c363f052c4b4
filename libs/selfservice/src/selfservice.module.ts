import { AssessmentModule } from '@app/assessment';
import { CapitalModule } from '@app/capital';
import { InspectionCoreModule } from '@app/inspection';
import { SupervisionModule } from '@app/supervision';
import { Module } from '@nestjs/common';
import { CreditFileController } from './credit-file/credit-file.controller';
import { CreditFileService } from './credit-file/credit-file.service';
import { MySupervisionController } from './supervision/my-supervision.controller';
import { RepairController } from './repair/repair.controller';
import { RepairJobs } from './repair/repair.jobs';
import { RepairSchedule } from './repair/repair.schedule';
import { RepairService } from './repair/repair.service';
import { Retier } from './retier';
import { TierController } from './tier/tier.controller';
import { TierOutlookService } from './tier/tier-outlook.service';
import {
  MyInspectionsController,
  PublicVerificationController,
} from './verification/verification.controller';
import { VerificationService } from './verification/verification.service';

const SERVICES = [Retier, RepairService, TierOutlookService, VerificationService, CreditFileService];

/** The services (for the CLI's demo and as the base of the others). */
@Module({ imports: [AssessmentModule, InspectionCoreModule], providers: SERVICES, exports: SERVICES })
export class SelfServiceCoreModule {}

/** The HTTP side (api app): enterprise self-service and credit repair. */
@Module({
  imports: [SelfServiceCoreModule, SupervisionModule, CapitalModule],
  controllers: [
    RepairController,
    TierController,
    PublicVerificationController,
    MyInspectionsController,
    CreditFileController,
    MySupervisionController,
  ],
})
export class SelfServiceHttpModule {}

/** The jobs (worker app): escalation at the decision deadline, the daily end of publicity. */
@Module({ imports: [SelfServiceCoreModule], providers: [RepairJobs, RepairSchedule] })
export class SelfServiceWorkerModule {}
