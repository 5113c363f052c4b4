import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecordRef {
  @ApiProperty({ example: '1234', description: 'the id to file a repair with (credit records)' }) id!: string;
  @ApiProperty({ example: 'administrative_penalty' }) type!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) severity!: string | null;
  @ApiProperty({ example: '2026-04-01' }) occurredOn!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'decision number, when the record has one',
  })
  decisionNo!: string | null;
}

export class TierReason {
  @ApiProperty({ description: 'the rule, as the explanation cites it' }) rule!: string;
  @ApiProperty({ enum: ['score', 'override'] }) kind!: 'score' | 'override';
  @ApiProperty({ description: 'what it means for you, in plain words' }) text!: string;
  @ApiPropertyOptional({ description: 'points; left out where the rule set marks the weight internal' })
  points?: number;
  @ApiProperty({ type: [RecordRef], description: 'the credit records behind the reason' })
  records!: RecordRef[];
}

export class OpenRepair {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending', 'escalated'] }) status!: string;
}

export class RecordChange {
  @ApiProperty({ type: RecordRef }) record!: RecordRef;
  @ApiProperty({ description: 'the repair profile chosen by the record’s date' }) profile!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) grade!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'first day a repair may be applied for' })
  repairableFrom!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'first day it counts no more by itself (null: not by itself)',
  })
  stopsCountingOn!: string | null;
  @ApiProperty({ description: 'never repairable early (revoked licence, suspension…)' }) neverEarly!: boolean;
  @ApiPropertyOptional({ type: OpenRepair, nullable: true }) openRepair!: OpenRepair | null;
  @ApiProperty({ description: 'what happened, when it stops counting, what you can do' }) text!: string;
}

export class ForecastStepView {
  @ApiProperty({ example: '2027-03-01' }) date!: string;
  @ApiProperty() tier!: string;
  @ApiProperty() previousTier!: string;
  @ApiProperty({ type: [RecordRef], description: 'the records that stop counting by then' })
  records!: RecordRef[];
  @ApiProperty() text!: string;
}

export class ForecastView {
  @ApiProperty({ description: 'the last date looked at (3 years ahead)' }) until!: string;
  @ApiProperty({ description: 'the tiering version evaluated' }) ruleSetVersion!: string;
  @ApiProperty({
    type: [ForecastStepView],
    description: 'every date the tier changes if nothing new happens',
  })
  steps!: ForecastStepView[];
  @ApiProperty() text!: string;
}

export class TierOutlookView {
  @ApiProperty() uscc!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'B' }) tier!: string;
  @ApiProperty({ example: 'B类(信用风险一般)' }) tierText!: string;
  @ApiProperty({ description: 'the assessment behind the tier' }) assessmentId!: string;
  @ApiProperty({ description: 'end of the as-of day, Asia/Shanghai' }) asOf!: string;
  @ApiProperty({ example: '2026.1' }) ruleSetVersion!: string;
  @ApiProperty({ enum: ['zh', 'en'] }) language!: string;
  @ApiProperty({ type: [TierReason] }) reasons!: TierReason[];
  @ApiProperty({ type: [RecordChange], description: 'for every record that counts against the tier' })
  whatCanChangeIt!: RecordChange[];
  @ApiProperty({ type: ForecastView }) forecast!: ForecastView;
}
