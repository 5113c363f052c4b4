import { ApiProperty } from '@nestjs/swagger';
import type { IngestSummary } from './ingest.service';

class RejectedRowView {
  @ApiProperty({ description: '1-based row (NDJSON: line; CSV: record after the header; JSON: element)' })
  row!: number;
  @ApiProperty({ example: 'payload.amount' }) path!: string;
  @ApiProperty({
    example:
      'must be a non-negative decimal of at most 18 digits and 2 decimals (numeric(20,2)), e.g. "1200.50", got "-5"',
  })
  message!: string;
}

class DuplicateView {
  @ApiProperty() row!: number;
  @ApiProperty({ example: 'samr-penalty/P-2026-001' }) key!: string;
  @ApiProperty({ description: 'the later row that won' }) supersededBy!: number;
}

/** What an in-request ingestion did. */
export class IngestResponse {
  @ApiProperty({ description: 'new rows stored' }) accepted!: number;
  @ApiProperty({ description: 'existing rows replaced by a corrected version (kept in the audit log)' })
  updated!: number;
  @ApiProperty({ description: 'identical re-sends: nothing changed' }) unchanged!: number;
  @ApiProperty({ type: [RejectedRowView] }) rejected!: RejectedRowView[];
  @ApiProperty({
    type: [DuplicateView],
    description: 'rows with the same key in this body: the last one wins',
  })
  duplicates!: DuplicateView[];

  static of(s: IngestSummary): IngestResponse {
    return {
      accepted: s.accepted,
      updated: s.updated,
      unchanged: s.unchanged,
      rejected: s.rejectedRows,
      duplicates: s.duplicateRows,
    };
  }
}
