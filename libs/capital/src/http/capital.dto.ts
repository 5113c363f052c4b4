import { anObject, IsCalendarDate, IsList, IsText, Omittable, PageQueryDto, ToBoolean } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { WARNING_OUTCOMES, WARNING_STATUSES } from '../domain/warning-state';

const DECIMAL = /^\d{1,18}(\.\d{1,2})?$/;
const DECIMAL_MESSAGE =
  'must be a non-negative decimal of yuan with at most 2 decimals, as text (e.g. "12000000000.00")';
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export class MergerPartyDto {
  @ApiPropertyOptional({
    example: '91330106MA2AXXXXXX',
    description: 'unified social credit code, when registered',
  })
  @Omittable()
  @Matches(USCC, { message: 'must be an 18-character unified social credit code' })
  uscc?: string;

  @ApiProperty({ example: '甲公司' })
  @IsText(500)
  name!: string;

  @ApiProperty({
    example: '9000000000.00',
    description: 'worldwide turnover, last financial year, decimal yuan',
  })
  @Matches(DECIMAL, { message: DECIMAL_MESSAGE })
  globalTurnover!: string;

  @ApiProperty({
    example: '3000000000.00',
    description: 'turnover in China, last financial year, decimal yuan',
  })
  @Matches(DECIMAL, { message: DECIMAL_MESSAGE })
  chinaTurnover!: string;
}

export class MergerCheckDto {
  @ApiProperty({ type: [MergerPartyDto], minItems: 2, maxItems: 50 })
  @IsList({ min: 2, max: 50, message: 'must be a list of 2-50 parties' }, anObject)
  @ValidateNested({ each: true })
  @Type(() => MergerPartyDto)
  parties!: MergerPartyDto[];

  @ApiProperty({
    example: '2026-03-01',
    description: 'the deal date (YYYY-MM-DD, Asia/Shanghai): picks the thresholds',
  })
  @IsCalendarDate()
  date!: string;
}

export class MergerCheckView {
  @ApiProperty() mustNotify!: boolean;
  @ApiProperty({
    type: 'object',
    properties: {
      version: { type: 'string' },
      effectiveFrom: { type: 'string' },
      instrument: { type: 'string' },
    },
  })
  thresholds!: { version: string; effectiveFrom: string; instrument: string };
  @ApiProperty({ type: 'object', properties: { global: { type: 'string' }, china: { type: 'string' } } })
  combined!: { global: string; china: string };
  @ApiProperty({ type: [String] }) partiesAboveChinaThreshold!: string[];
  @ApiProperty({ description: 'whole percent of the thresholds reached (the weaker prong)' })
  proximityPercent!: number;
  @ApiProperty({ type: [String] }) reasons!: string[];
}

export class WarningListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['red', 'yellow'] })
  @Omittable()
  @IsIn(['red', 'yellow'], { message: 'must be red or yellow' })
  light?: 'red' | 'yellow';

  @ApiPropertyOptional({ enum: WARNING_STATUSES })
  @Omittable()
  @IsIn(WARNING_STATUSES, { message: `must be one of ${WARNING_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @Omittable()
  @Matches(/^\d{2,6}$/, { message: 'must be a division-code prefix of 2-6 digits' })
  region?: string;
}

export class WarningSummaryQueryDto {
  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @Omittable()
  @Matches(/^\d{2,6}$/, { message: 'must be a division-code prefix of 2-6 digits' })
  region?: string;
}

export class AssignWarningDto {
  @ApiProperty({ example: 'inspector-042', description: 'who handles the warning' })
  @IsText(128)
  assignee!: string;
}

export class ResolveWarningDto {
  @ApiProperty({ enum: WARNING_OUTCOMES })
  @IsIn(WARNING_OUTCOMES, { message: `must be one of ${WARNING_OUTCOMES.join(', ')}` })
  outcome!: (typeof WARNING_OUTCOMES)[number];

  @ApiProperty({ example: '已约谈, 企业补充申报' })
  @IsText(4000)
  note!: string;
}

/** POST …/acknowledge takes no fields; an empty object (or no body) is fine. */
export class AcknowledgeWarningDto {}

export class CapitalIngestQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'store all rows or none' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  atomic: boolean = false;
}

export class WarningView {
  @ApiProperty() id!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['red', 'yellow'] }) light!: string;
  @ApiProperty({ enum: WARNING_STATUSES }) status!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) quietUntil!: string | null;
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: WARNING_OUTCOMES }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedAt!: string | null;
  @ApiProperty({ description: 'events behind the warning' }) events!: number;
}

export class WarningDetailView extends WarningView {
  @ApiProperty() ruleSetVersion!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'every step: who, when, from, to' })
  history!: Record<string, unknown>[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'each event with its light and evidence (fired rules, facts seen, legal basis)',
  })
  lights!: unknown[];
}

export class WarningSummaryView {
  @ApiProperty({ enum: ['red', 'yellow'] }) light!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() open!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() assigned!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'median open → resolved, milliseconds, exact decimal',
  })
  medianHandlingMs!: string | null;
}

export class EnterpriseLightView {
  @ApiProperty() eventId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredOn!: string;
  @ApiProperty({ type: String, nullable: true }) targetUscc!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetName!: string | null;
  @ApiProperty({ enum: ['red', 'yellow', 'green'] }) light!: string;
  @ApiProperty() ruleSetVersion!: string;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'the rules that fired' })
  fired!: unknown[];
  @ApiProperty({ type: String, nullable: true }) warningId!: string | null;
}

export class PlatformGradeDto {
  @ApiProperty() uscc!: string;
  @ApiProperty() isPlatform!: boolean;
  @ApiProperty({ enum: ['super', 'large', 'small_medium'] }) grade!: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({
    type: 'object',
    properties: { required: { type: 'boolean' }, every: { type: 'string', nullable: true } },
    description: 'a super platform owes a risk assessment this often',
  })
  riskAssessment!: { required: boolean; every: string | null };
  @ApiProperty({
    type: 'object',
    properties: { version: { type: 'string' }, effectiveFrom: { type: 'string' } },
  })
  thresholds!: { version: string; effectiveFrom: string };
  @ApiProperty({
    type: 'object',
    properties: {
      activeUsers: { type: 'string', nullable: true },
      coreBusinesses: { type: 'number', nullable: true },
      marketValue: { type: 'string', nullable: true, description: 'decimal yuan' },
      from: { type: 'object', properties: { event: { type: 'string' }, eventOn: { type: 'string' } } },
    },
    description: 'the figures graded and the event they came from (null: the enterprise register)',
  })
  metrics!: Record<string, unknown>;
}

export class ComplianceFindingDto {
  @ApiProperty() rule!: string;
  @ApiProperty({ description: 'stable code of the finding' }) code!: string;
  @ApiProperty({ description: 'the grade this finding gives (one of grades)' }) grade!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'the fact the finding rests on' }) factor!: string;
  @ApiProperty({ description: 'its value as the rules saw it' }) value!: unknown;
  @ApiProperty({
    required: false,
    description: 'the legal basis of the rule (title, article, url), absent for tierwatch defaults',
  })
  basis?: unknown;
  @ApiProperty({
    type: [String],
    description: 'ids of the records behind the fact (investment warnings for the handling facts)',
  })
  records!: string[];
}

export class PlatformComplianceDto {
  @ApiProperty() uscc!: string;
  @ApiProperty() isPlatform!: boolean;
  @ApiProperty({ description: 'Asia/Shanghai date judged on' }) asOf!: string;
  @ApiProperty({ description: 'good | fair | poor in 2026.1 (outcome.grades of the rule set)' })
  grade!: string;
  @ApiProperty({ type: [String], description: 'the grades, best first' }) grades!: string[];
  @ApiProperty({ type: [ComplianceFindingDto], description: 'rules that fired, worst first' })
  findings!: ComplianceFindingDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'every fact the rules saw' })
  facts!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    properties: { kind: { type: 'string' }, version: { type: 'string' }, effectiveFrom: { type: 'string' } },
  })
  ruleSet!: { kind: string; version: string; effectiveFrom: string };
}

/** POST /enterprises/:uscc/platform-compliance: records today's evaluation. */
export class RecordComplianceDto {
  @ApiPropertyOptional({ example: '年度合规评价', description: "the regulator's note" })
  @Omittable()
  @IsText(4000)
  note?: string;
}

export class RecordedComplianceDto extends PlatformComplianceDto {
  @ApiProperty({
    type: 'object',
    properties: {
      id: { type: 'string' },
      recordedAt: { type: 'string' },
      previousGrade: { type: 'string', nullable: true },
      changed: { type: 'boolean', description: 'the grade differs from the last recorded: re-tiered' },
    },
  })
  recorded!: { id: string; recordedAt: string; previousGrade: string | null; changed: boolean };
}
