import { IsList, IsText, PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';

export const REPAIR_STATUSES = ['pending', 'escalated', 'approved', 'rejected'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export const REPAIR_DECISIONS = ['approve', 'reject'] as const;

/** What the enterprise brings: it corrected the problem, fulfilled the penalty, commits, and attaches proof. */
export class RepairEvidenceDto {
  @ApiProperty({ description: 'the illegal conduct has been corrected' })
  @IsBoolean({ message: 'must be true or false' })
  corrected!: boolean;

  @ApiProperty({ description: 'the penalty (fine, confiscation…) has been fulfilled' })
  @IsBoolean({ message: 'must be true or false' })
  penaltyFulfilled!: boolean;

  @ApiProperty({
    description: 'the credit commitment (信用承诺书), in the enterprise’s words',
    maxLength: 4000,
  })
  @IsText(4000)
  commitment!: string;

  @ApiProperty({
    type: [String],
    maxItems: 20,
    description:
      'references to the supporting documents (file names or document numbers), each 1-500 characters',
  })
  @IsList({ min: 0, max: 20, message: 'must be a list of at most 20 attachments' }, (a) =>
    typeof a === 'string' && a.trim().length > 0 && a.length <= 500
      ? null
      : 'must be a text of 1-500 characters',
  )
  attachments!: string[];
}

export class RepairApplicationDto {
  @ApiProperty({ example: '1234', description: 'the credit record’s id, as the tier explanation shows it' })
  @Matches(/^[1-9][0-9]{0,18}$/, { message: 'must be a record id (digits)' })
  recordId!: string;

  @ApiProperty({ type: RepairEvidenceDto })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => RepairEvidenceDto)
  evidence!: RepairEvidenceDto;
}

export class RepairDecisionDto {
  @ApiProperty({ enum: REPAIR_DECISIONS })
  @IsIn(REPAIR_DECISIONS, { message: `must be one of ${REPAIR_DECISIONS.join(', ')}` })
  decision!: (typeof REPAIR_DECISIONS)[number];

  @ApiProperty({ maxLength: 2000, description: 'why; the enterprise reads it' })
  @IsText(2000)
  reason!: string;
}

export class MyRepairListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPAIR_STATUSES })
  @IsOptional()
  @IsIn(REPAIR_STATUSES)
  status?: RepairStatus;
}

export class RepairListQueryDto extends MyRepairListQueryDto {
  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;
}

export class RepairRecordSummary {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'administrative_penalty' }) type!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) severity!: string | null;
  @ApiProperty({ example: '2026-04-01' }) occurredOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'decision number (payload.decisionNo)' })
  decisionNo!: string | null;
}

export class RepairApplicationView {
  @ApiProperty() id!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty({ type: RepairRecordSummary }) record!: RepairRecordSummary;
  @ApiProperty({ enum: REPAIR_STATUSES }) status!: RepairStatus;
  @ApiProperty({ type: RepairEvidenceDto }) evidence!: RepairEvidenceDto;
  @ApiProperty({ example: '2026.1', description: 'the repair rule-set version applied' })
  ruleSetVersion!: string;
  @ApiProperty({ example: '2026-04-01', description: 'the repair profile chosen by the record’s date' })
  profile!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'moderate' }) grade!: string | null;
  @ApiProperty({ example: 7 }) decisionWorkingDays!: number;
  @ApiProperty({ description: 'decide by (end of the last working day, Asia/Shanghai)' }) decideBy!: string;
  @ApiProperty() filedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) escalatedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the reason given with the decision' })
  decisionReason!: string | null;
}

export class RepairDecisionView extends RepairApplicationView {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'approved: the enterprise’s tier after the immediate re-tier (regulators only)',
  })
  tierAfter?: string | null;
}
