import { AssessmentModule } from '@app/assessment';
import { Module } from '@nestjs/common';
import { EnterpriseController } from './enterprise.controller';
import { EnterpriseService } from './enterprise.service';
import { ImportProcessJob } from './imports/import-process.job';
import { ImportService } from './imports/import.service';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

const SERVICES = [EnterpriseService, IngestService, ImportService];

/** The services, for the CLI and as the base of the others. */
@Module({ imports: [AssessmentModule], providers: SERVICES, exports: SERVICES })
export class IngestionCoreModule {}

/** The HTTP side (api app). */
@Module({
  imports: [IngestionCoreModule],
  controllers: [IngestController, EnterpriseController],
})
export class IngestionModule {}

/** The import job handler (worker app). */
@Module({ imports: [IngestionCoreModule], providers: [ImportProcessJob] })
export class IngestionWorkerModule {}
