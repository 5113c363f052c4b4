import { INSPECTOR_ID_PATTERN } from '@app/domain';
import { aTextMatching, IsList, IsText, IsWholeNumber, PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';

/**
 * The 无事不扰 limits' routes (docs/inspection-limits.md): the yearly inspection load of an
 * enterprise against the annual cap, the enterprises inspected most often, a legal reason for a
 * visit over the cap, and manual staffing of an unassignable task.
 */
export class InspectionLoadQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    example: 2026,
    description: 'calendar year (Asia/Shanghai); default this year',
  })
  @IsOptional()
  @Type(() => Number)
  @IsWholeNumber(2000, 2100, { message: 'must be a year from 2000 to 2100' })
  year?: number;
}

export class InspectionLoadTopQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 2026,
    description: 'calendar year (Asia/Shanghai); default this year',
  })
  @IsOptional()
  @Type(() => Number)
  @IsWholeNumber(2000, 2100, { message: 'must be a year from 2000 to 2100' })
  year?: number;
}

export class LegalBasisDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: '《食品安全法》第一百一十条: 投诉举报涉嫌食品安全违法, 依法实施现场检查',
    description: 'the legal reason for a visit over the annual cap',
  })
  @IsText(500)
  reason!: string;
}

export class ManualStaffingDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 10,
    example: ['INS-01', 'INS-02'],
    description:
      "at least the deadline rules' minimum; certified, qualified for the items, of the region, not recused",
  })
  @IsList(
    { min: 1, max: 10, message: 'must be a list of 1-10 inspector ids' },
    aTextMatching(INSPECTOR_ID_PATTERN, 'must be an inspector id'),
  )
  inspectorIds!: string[];

  @ApiProperty({ minLength: 1, maxLength: 500, description: 'why the task is staffed by hand' })
  @IsText(500)
  reason!: string;
}

export class DepartmentLoadDto {
  @ApiProperty() department!: string;
  @ApiProperty({ description: 'non-cancelled visits in the year carrying an item of the department' })
  count!: number;
  @ApiProperty() cap!: number;
  @ApiProperty({ description: 'visits left before the cap (0 at or over it)' }) remaining!: number;
  @ApiProperty({ description: 'at or over the cap: random plans of the department leave the enterprise out' })
  reached!: boolean;
}

export class LoadTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['random', 'triggered'] }) kind!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId!: string | null;
  @ApiProperty({ type: [String] }) departments!: string[];
  @ApiProperty({ format: 'date-time' }) scheduledStart!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resultAt!: string | null;
  @ApiProperty({ nullable: true, description: 'set on a triggered visit over the cap' }) overCap!: unknown;
}

export class InspectionLoadViewDto {
  @ApiProperty() uscc!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'the annual cap per enterprise per department (frequency rule data)' })
  cap!: number;
  @ApiProperty({ description: 'the frequency rule set version the cap comes from' })
  frequencyVersion!: string;
  @ApiProperty({
    nullable: true,
    description:
      'the legal basis of the cap as the rule set records it (outcome.annualCapBasis: title, article, url)',
  })
  basis!: unknown;
  @ApiProperty({ type: [DepartmentLoadDto] }) departments!: DepartmentLoadDto[];
  @ApiProperty({ description: 'some department reached the cap (高频检查预警)' }) highFrequency!: boolean;
  @ApiProperty({ type: [LoadTaskDto] }) tasks!: LoadTaskDto[];
}

export class TopLoadItemDto {
  @ApiProperty() uscc!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() department!: string;
  @ApiProperty() count!: number;
  @ApiProperty() cap!: number;
  @ApiProperty({ description: 'at or over the cap (高频检查预警)' }) reached!: boolean;
}
