import { ImportEntity } from '@app/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** An import job as the API shows it. */
export class ImportView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['enterprises', 'records'] }) target!: string;
  @ApiProperty({ enum: ['json', 'ndjson', 'csv'] }) format!: string;
  @ApiProperty({ enum: ['receiving', 'queued', 'running', 'done', 'failed'] }) status!: string;
  @ApiProperty() atomic!: boolean;
  @ApiProperty({ description: 'share of the stored body processed, 0-100' }) progressPercent!: number;
  @ApiProperty() receivedBytes!: number;
  @ApiProperty() bytesDone!: number;
  @ApiProperty({ description: 'last input row committed' }) rowsDone!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) startedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ description: 'where to read the rejected rows' }) rejectsUrl!: string;

  static of(i: ImportEntity): ImportView {
    const received = Number(i.receivedBytes);
    const done = Number(i.bytesDone);
    return {
      id: i.id,
      target: i.target,
      format: i.format,
      status: i.status,
      atomic: i.atomic,
      progressPercent:
        i.status === 'done' ? 100 : received > 0 ? Math.min(99, Math.floor((done / received) * 100)) : 0,
      receivedBytes: received,
      bytesDone: done,
      rowsDone: i.rowsDone,
      accepted: i.accepted,
      updated: i.updated,
      unchanged: i.unchanged,
      rejected: i.rejected,
      duplicates: i.duplicates,
      attempts: i.attempts,
      error: i.error,
      createdAt: i.createdAt.toISOString(),
      startedAt: i.startedAt?.toISOString() ?? null,
      finishedAt: i.finishedAt?.toISOString() ?? null,
      rejectsUrl: `/api/v1/imports/${i.id}/rejects`,
    };
  }
}
