import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The plan request as OpenAPI shows it. Validation is parsePlanRequest (plan-request.ts), which
 * names every problem by its path; this schema mirrors it field by field.
 */
class PlanWindowDto {
  @ApiProperty({ format: 'date', example: '2026-12-01' }) start!: string;
  @ApiProperty({ format: 'date', example: '2026-12-31' }) end!: string;
}

class PlanScopeDto {
  @ApiPropertyOptional({
    example: '3301',
    description: 'division-code prefix (1-6 digits), inside your regions',
  })
  regionPrefix?: string;
  @ApiPropertyOptional({ type: [String], example: ['F52'], description: 'GB/T 4754 prefixes' })
  industries?: string[];
  @ApiPropertyOptional({ type: [String], example: ['C', 'D'] }) tiers?: string[];
  @ApiPropertyOptional({ example: 'food' }) tag?: string;
}

class PlanItemDto {
  @ApiProperty({ example: '食品安全' }) name!: string;
  @ApiProperty({ enum: ['key', 'general'] }) type!: 'key' | 'general';
  @ApiProperty({ example: '食品经营处' }) department!: string;
  @ApiPropertyOptional({ description: 'the qualification an inspector needs (default: the item name)' })
  qualification?: string;
}

export class CreatePlanDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty({ type: PlanWindowDto }) window!: PlanWindowDto;
  @ApiPropertyOptional({ type: PlanScopeDto }) scope?: PlanScopeDto;
  @ApiProperty({ type: [PlanItemDto], minItems: 1 }) items!: PlanItemDto[];
  @ApiPropertyOptional({ enum: ['directed', 'undirected'], default: 'undirected' }) draw?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { C: 0.3 },
    description: 'per tier ratio inside the frequency rule set bands',
  })
  ratioOverrides?: Record<string, number>;
  @ApiPropertyOptional({
    description:
      'a caller-chosen seed (the export then says seedSource "caller"); by default the server draws one from a CSPRNG after freezing the pool',
  })
  seed?: string;
  @ApiPropertyOptional({ minimum: 2, default: 2 }) inspectorsPerTask?: number;
}

class PlanTierDto {
  @ApiProperty() tier!: string;
  @ApiProperty() pool!: number;
  @ApiProperty() drawn!: number;
  @ApiProperty({ type: Number, nullable: true }) ratio!: number | null;
}

class PlanSummaryDto {
  @ApiProperty({ type: [PlanTierDto] }) tiers!: PlanTierDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) excluded!: Record<
    string,
    number
  >;
  @ApiProperty({ description: 'assigned, unassignable, byReason, inspectorsUsed, maxLoad' })
  assignment!: unknown;
}

export class PlanViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: PlanWindowDto }) window!: PlanWindowDto;
  @ApiProperty({ type: PlanScopeDto }) scope!: PlanScopeDto;
  @ApiProperty({ type: [PlanItemDto] }) items!: PlanItemDto[];
  @ApiProperty({ enum: ['directed', 'undirected'] }) draw!: string;
  @ApiProperty() seed!: string;
  @ApiProperty({
    enum: ['server', 'caller'],
    nullable: true,
    description:
      'server: drawn from a CSPRNG after the pool was frozen in the audit chain; caller: given in the request',
  })
  seedSource!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the draw was made' })
  drawnAt!: string | null;
  @ApiProperty() frequencyVersion!: string;
  @ApiProperty() poolDigest!: string;
  @ApiProperty() poolSize!: number;
  @ApiProperty() selected!: number;
  @ApiProperty({ type: PlanSummaryDto }) summary!: PlanSummaryDto;
  @ApiProperty() status!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

class MismatchDto {
  @ApiProperty() path!: string;
  @ApiProperty() message!: string;
}

export class PlanVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: [MismatchDto] }) mismatches!: MismatchDto[];
}
