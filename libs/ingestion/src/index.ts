export { EnterpriseService } from './enterprise.service';
export { EnterpriseInput } from './enterprise.input';
export { EnterpriseView } from './enterprise.view';
export { IngestResult } from './ingest-result';
export { validateRows, type RejectedRow } from './row-validation';
export { IngestionModule, IngestionCoreModule } from './ingestion.module';
