import { IsCalendarDate, IsText, Omittable } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, Matches, ValidateNested } from 'class-validator';

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
export const MEASURES = ['no_penalty', 'guidance', 'talk', 'warning', 'penalty'] as const;

export class ViolationDto {
  @ApiProperty({
    example: 'price-tag-missing',
    description: 'the violated item (a first-offence list code where there is one)',
  })
  @IsText(200)
  item!: string;

  @ApiProperty({ enum: ['minor', 'general', 'serious'] })
  @IsIn(['minor', 'general', 'serious'], { message: 'must be minor, general or serious' })
  severity!: string;

  @ApiProperty({ enum: ['minor', 'moderate', 'serious'] })
  @IsIn(['minor', 'moderate', 'serious'], { message: 'must be minor, moderate or serious' })
  harm!: string;

  @ApiProperty({ description: 'corrected in time (及时改正)' })
  @IsBoolean({ message: 'must be true or false' })
  correctedInTime!: boolean;

  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  occurredOn!: string;

  @ApiPropertyOptional({ description: 'malicious conduct (主观恶意); default false' })
  @Omittable()
  @IsBoolean({ message: 'must be true or false' })
  malicious?: boolean;
}

export class RecommendationRequestDto {
  @ApiProperty({ example: '91330106MA2074DC0Q' })
  @Matches(USCC, { message: 'must be an 18-character unified social credit code' })
  uscc!: string;

  @ApiProperty({ type: ViolationDto })
  @ValidateNested()
  @Type(() => ViolationDto)
  violation!: ViolationDto;
}

export class RecordMeasureDto {
  @ApiProperty({ example: '91330106MA2074DC0Q' })
  @Matches(USCC, { message: 'must be an 18-character unified social credit code' })
  uscc!: string;

  @ApiProperty({ example: 'price-tag-missing' })
  @IsText(200)
  item!: string;

  @ApiProperty({ enum: MEASURES })
  @IsIn(MEASURES, { message: `must be one of ${MEASURES.join(', ')}` })
  measure!: string;

  @ApiProperty({ example: '2026-12-02' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiProperty({ example: '首违不罚, 已责令改正' })
  @IsText(1000)
  reason!: string;

  @ApiPropertyOptional({ example: '杭西市监指〔2026〕12号', description: 'the decision document' })
  @Omittable()
  @IsText(200)
  reference?: string;
}

export class RecommendationReasonView {
  @ApiProperty() rule!: string;
  @ApiProperty({ enum: MEASURES }) measure!: string;
  @ApiProperty() factor!: string;
  @ApiProperty() reason!: string;
}

export class RecommendationView {
  @ApiProperty() uscc!: string;
  @ApiProperty({ enum: MEASURES }) measure!: string;
  @ApiProperty({ example: '首违不罚 (责令改正并教育)' }) measureName!: string;
  @ApiProperty({ type: [RecommendationReasonView], description: 'every fired rule, the deciding one first' })
  reasons!: RecommendationReasonView[];
  @ApiProperty({ example: { kind: 'enforcement', version: '2026.1' } }) ruleSet!: {
    kind: string;
    version: string;
  };
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the facts the rules saw' })
  facts!: Record<string, unknown>;
  @ApiProperty() inputDigest!: string;
  @ApiProperty({ description: 'the first-offence list and look-back window used, with their sources' })
  firstOffenceList!: string;
}

export class MeasureView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty() item!: string;
  @ApiProperty({ enum: MEASURES }) measure!: string;
  @ApiProperty() decidedOn!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty() recordedBy!: string;
}
