import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * A run request as OpenAPI shows it. Validation is parseRunScope (run-scope.ts) and the run
 * service, which name every problem by its path; this schema mirrors them.
 */
export class CreateRunDto {
  @ApiPropertyOptional({
    description:
      '{type:"all"} | {type:"region",prefix:"3301"} | {type:"industry",prefix:"C14"} | {type:"uscc",usccs:[…]} (default all); inside your regions',
    example: { type: 'region', prefix: '3301' },
    oneOf: [
      { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['all'] } } },
      {
        type: 'object',
        required: ['type', 'prefix'],
        properties: { type: { type: 'string', enum: ['region', 'industry'] }, prefix: { type: 'string' } },
      },
      {
        type: 'object',
        required: ['type', 'usccs'],
        properties: {
          type: { type: 'string', enum: ['uscc'] },
          usccs: { type: 'array', items: { type: 'string' }, maxItems: 10000 },
        },
      },
    ],
  })
  scope?: unknown;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'default today (Asia/Shanghai)',
  })
  asOf?: string;
}

class RuleSetRefDto {
  @ApiProperty({ example: 'tiering' }) kind!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
}

class FailedChunkDto {
  @ApiProperty() chunkNo!: number;
  @ApiProperty() enterprises!: number;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

class TierChangesDto {
  @ApiProperty() changed!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'B→C': 3 } })
  transitions!: Record<string, number>;
}

export class AssessmentRunViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['queued', 'running', 'completed', 'completed_with_failures', 'cancelling', 'cancelled', 'failed'],
  })
  status!: string;
  @ApiProperty({ description: 'the scope, as requested' }) scope!: unknown;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: ['scheduled', 'record_change', 'rule_publication', 'manual'] }) trigger!: string;
  @ApiProperty({ type: RuleSetRefDto }) ruleSet!: RuleSetRefDto;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({
    description:
      'total, done, percent, ratePerSecond, etaSeconds, assessed, failed, chunks {total, done, pending, skipped, failed, size}, lastProgressAt, stalled',
  })
  progress!: unknown;
  @ApiProperty({ type: [FailedChunkDto] }) failedChunks!: FailedChunkDto[];
  @ApiProperty() retries!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) tiers!: Record<string, number>;
  @ApiProperty({ type: TierChangesDto }) tierChanges!: TierChangesDto;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelRequestedAt!: string | null;
}
