import { IsCalendarDate, PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { TIER_SUMMARY_GROUPS, type TierSummaryGroupBy } from './assessment.view';

export class AsOfQueryDto {
  @ApiPropertyOptional({ example: '2026-03-01', description: 'a calendar date (Asia/Shanghai); default now' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class InForceQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({
    enum: ['full'],
    description:
      'full: add `whyNot`, for every rule that did not fire the first failing condition (value and threshold, in words and as fields), and the distance to each tier',
  })
  @IsOptional()
  @IsIn(['full'], { message: 'must be "full" (or left out)' })
  explain?: 'full';
}

export class HistoryQueryDto extends PageQueryDto {}

export class TierSummaryQueryDto {
  @ApiPropertyOptional({
    example: '3301',
    description: 'division-code prefix (1-6 digits), inside your regions',
  })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be a prefix of a 6-digit division code (1-6 digits)' })
  region?: string;

  @ApiPropertyOptional({ example: 'C14', description: 'GB/T 4754 industry code prefix' })
  @IsOptional()
  @Matches(/^[A-T0-9]{1,5}$/, { message: 'must be a GB/T 4754 code prefix (1-5 characters A-T or digits)' })
  industry?: string;

  @ApiPropertyOptional({
    enum: TIER_SUMMARY_GROUPS,
    description:
      'add `groups`: the counts per province (2-digit prefix), city (4), county (6) or industry section, in one answer',
  })
  @IsOptional()
  @IsIn(TIER_SUMMARY_GROUPS, { message: `must be one of ${TIER_SUMMARY_GROUPS.join(', ')}` })
  groupBy?: TierSummaryGroupBy;
}

class OutcomeDto {
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty() inputDigest!: string;
  @ApiProperty({ type: [String] }) firedRules!: string[];
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
}

class DifferenceDto {
  @ApiProperty() field!: string;
  @ApiProperty({ description: 'any JSON value' }) stored!: unknown;
  @ApiProperty({ description: 'any JSON value' }) recomputed!: unknown;
}

class RuleSetRefDto {
  @ApiProperty({ example: 'tiering' }) kind!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
}

export class RecomputeViewDto {
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty({ type: RuleSetRefDto }) ruleSet!: RuleSetRefDto;
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'records received after this instant are left out' }) factsKnownAt!: string;
  @ApiProperty({ type: OutcomeDto }) stored!: OutcomeDto;
  @ApiProperty({ type: OutcomeDto }) recomputed!: OutcomeDto;
  @ApiProperty() matches!: boolean;
  @ApiProperty({ type: [DifferenceDto] }) differences!: DifferenceDto[];
}
