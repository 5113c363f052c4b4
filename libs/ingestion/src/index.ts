export { EnterpriseService } from './enterprise.service';
export type { EnterpriseListItem, EnterpriseListFilter } from './enterprise.service';
export { EnterpriseView } from './enterprise.view';
export { IngestService, type IngestSummary, type IngestTarget, type IngestOptions } from './ingest.service';
export { IngestResponse } from './ingest.response';
export { ImportService } from './imports/import.service';
export { ImportView } from './imports/import.view';
export { parseInput, type InputFormat } from './input/parse-input';
export { detectFormat } from './parsing/detect-format';
export { registerIngestionBodyParsers } from './body-parsers';
export { RowValidator, compileRowSchema } from './rows/row.validator';
export type { EnterpriseRow, CreditRecordRow, RiskRecordRow, RowProblem } from './rows/row.types';
export { IngestionModule, IngestionCoreModule, IngestionWorkerModule } from './ingestion.module';
export {
  generatePopulation,
  generateEnterprises,
  generateRecords,
  type PopulationOptions,
} from './synthetic';
export type { ParsedRow } from './parsing/parsed-row';
export { bodyStream, restrictionsOf } from './ingest.controller';
