import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One observation period as the api shows it. */
export class ObservationPeriodView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty({ enum: ['active', 'ended'], description: 'active: open and its last day not passed' })
  status!: 'active' | 'ended';
  @ApiProperty({ enum: ['rule', 'regulator'], description: 'who started it' }) source!: 'rule' | 'regulator';
  @ApiProperty({ example: '2026-12-02' }) startedOn!: string;
  @ApiProperty({ example: '2028-12-01', description: 'its last day (inclusive)' }) endsOn!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'days left including today; null once ended' })
  daysRemaining!: number | null;
  @ApiProperty() startReason!: string;
  @ApiProperty({ type: String, nullable: true, description: 'observation rule-set version behind the start' })
  startRuleVersion!: string | null;
  @ApiProperty() startedBy!: string;
  @ApiProperty({ type: String, nullable: true }) endedOn!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['rule', 'regulator', 'expiry', 'trigger', 'red_line'],
    description: 'what ended it',
  })
  endSource!: string | null;
  @ApiProperty({ type: String, nullable: true }) endReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) endRuleVersion!: string | null;
  @ApiProperty({ type: String, nullable: true }) endedBy!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the decision behind the start' })
  startDetail!: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  endDetail!: Record<string, unknown> | null;
}

export class EnterpriseObservationView {
  @ApiProperty() uscc!: string;
  @ApiProperty({ type: ObservationPeriodView, nullable: true, description: 'the period active today' })
  current!: ObservationPeriodView | null;
  @ApiProperty({ type: [ObservationPeriodView], description: 'every period, newest first' })
  history!: ObservationPeriodView[];
}

export interface PeriodRow {
  id: string;
  uscc: string;
  source: 'rule' | 'regulator';
  started_on: string;
  ends_on: string;
  start_reason: string;
  start_rule_version: string | null;
  start_detail: Record<string, unknown>;
  started_by: string;
  ended_on: string | null;
  end_source: string | null;
  end_reason: string | null;
  end_rule_version: string | null;
  end_detail: Record<string, unknown> | null;
  ended_by: string | null;
}

export const PERIOD_COLUMNS = `p.id::text AS id, p.uscc::text AS uscc, p.source, p.started_on::text AS started_on,
  p.ends_on::text AS ends_on, p.start_reason, p.start_rule_version, p.start_detail, p.started_by,
  p.ended_on::text AS ended_on, p.end_source, p.end_reason, p.end_rule_version, p.end_detail, p.ended_by`;
