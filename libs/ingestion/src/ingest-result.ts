import { ApiProperty } from '@nestjs/swagger';
import { RejectedRow } from './row-validation';

export class RejectedRowView implements RejectedRow {
  @ApiProperty() row!: number;
  @ApiProperty({ example: 'uscc' }) path!: string;
  @ApiProperty({ example: "check character mismatch: expected 'X', found '3'" }) message!: string;
}

/** What an ingest call did: new rows, changed rows, identical re-sends, and what it refused. */
export class IngestResult {
  @ApiProperty() accepted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [RejectedRowView] }) rejected!: RejectedRow[];
  @ApiProperty({
    description: 'rows superseded by a later row with the same key in the same request (last wins)',
  })
  duplicates!: { row: number; key: string; supersededBy: number }[];
}
