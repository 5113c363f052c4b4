import { checkSeed, isCalendarDate, SEED_PATTERN } from '@app/domain';
import {
  aTextMatching,
  anObject,
  Check,
  IsCalendarDate,
  IsList,
  IsText,
  IsWholeNumber,
  Omittable,
} from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';

/**
 * The plan request: these classes are its one schema, validated by the ValidationPipe (or
 * PlanService for a caller outside HTTP) and shown by OpenAPI. What is not a shape check (a
 * directed draw names its category) is planRequestOf's, in plan-request.ts.
 */
export const DRAWS = ['directed', 'undirected'] as const;
export const ITEM_TYPES = ['key', 'general'] as const;
const TIER = /^[A-Z]$/;
const INDUSTRY_PREFIX = /^([A-T]\d{0,4}|\d{1,4})$/;

export class PlanWindowDto {
  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsCalendarDate()
  start!: string;

  @ApiProperty({ format: 'date', example: '2026-12-31', description: 'not before start' })
  @IsCalendarDate()
  @Check('notBeforeStart', (end, window) => {
    const start = (window as PlanWindowDto).start;
    return isCalendarDate(start) && isCalendarDate(end) && end < start
      ? [{ path: '', message: 'must not be before window.start' }]
      : [];
  })
  end!: string;
}

export class PlanScopeDto {
  @ApiPropertyOptional({
    example: '3301',
    pattern: '^\\d{1,6}$',
    description: 'division-code prefix (1-6 digits), inside your regions',
  })
  @Omittable()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  regionPrefix?: string;

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: 500,
    example: ['F52'],
    description: 'GB/T 4754 prefixes: a section letter A-T and/or up to 4 digits',
  })
  @Omittable()
  @IsList(
    { min: 1, max: 500, message: 'must be a non-empty list (at most 500)' },
    aTextMatching(INDUSTRY_PREFIX, 'must be a GB/T 4754 code prefix'),
  )
  industries?: string[];

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 26, example: ['C', 'D'] })
  @Omittable()
  @IsList(
    { min: 1, max: 26, message: 'must be a non-empty list of tier letters' },
    aTextMatching(TIER, 'must be a tier letter'),
  )
  tiers?: string[];

  @ApiPropertyOptional({ example: 'food', pattern: '^[\\w-]{1,40}$' })
  @Omittable()
  @Matches(/^[\w-]{1,40}$/, { message: 'must be a tag of 1-40 letters, digits, "_" or "-"' })
  tag?: string;
}

export class PlanItemDto {
  @ApiProperty({ example: '食品安全', minLength: 1, maxLength: 200 })
  @IsText(200)
  name!: string;

  @ApiProperty({ enum: ITEM_TYPES, description: 'key items are not capped by the general-item ratios' })
  @IsIn(ITEM_TYPES, { message: 'must be key or general' })
  type!: 'key' | 'general';

  @ApiProperty({ example: '食品经营处', minLength: 1, maxLength: 200 })
  @IsText(200, { message: 'must name the department (1-200 characters)' })
  department!: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description: 'the qualification an inspector needs (default: the item name)',
  })
  @Omittable()
  @IsText(200, { message: 'must be a qualification name (1-200 characters)' })
  qualification?: string;
}

export class CreatePlanDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsText(200)
  name!: string;

  @ApiProperty({ type: PlanWindowDto })
  @IsObject({ message: 'must be an object with start and end' })
  @ValidateNested()
  @Type(() => PlanWindowDto)
  window!: PlanWindowDto;

  @ApiPropertyOptional({ type: PlanScopeDto, description: 'absent or null: the whole country' })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => PlanScopeDto)
  scope?: PlanScopeDto | null;

  @ApiProperty({ type: [PlanItemDto], minItems: 1, maxItems: 100 })
  @IsList({ min: 1, max: 100, message: 'must be a list of 1-100 inspection items' }, anObject)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items!: PlanItemDto[];

  @ApiPropertyOptional({
    enum: DRAWS,
    default: 'undirected',
    description: 'directed (定向) names its category: scope.tag or scope.industries',
  })
  @IsIn(DRAWS, { message: 'must be directed or undirected' })
  draw: 'directed' | 'undirected' = 'undirected';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
    example: { C: 0.3 },
    description: 'per tier letter, a ratio above 0 and at most 1, inside the frequency rule set bands',
  })
  @IsOptional()
  @Check('ratios', (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [{ path: '', message: 'must be an object of tier → ratio' }];
    return Object.entries(value).flatMap(([tier, ratio]) => [
      ...(TIER.test(tier) ? [] : [{ path: `.${tier}`, message: 'must be a tier letter' }]),
      ...(typeof ratio === 'number' && ratio > 0 && ratio <= 1
        ? []
        : [{ path: `.${tier}`, message: 'must be a ratio above 0 and at most 1' }]),
    ]);
  })
  ratioOverrides?: Record<string, number> | null;

  @ApiPropertyOptional({
    pattern: SEED_PATTERN.source,
    description:
      'a caller-chosen seed (the export then says seedSource "caller"); by default the server draws one from a CSPRNG after freezing the pool',
  })
  @Omittable()
  @Check('seed', (seed) => checkSeed(seed, ''))
  seed?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 10,
    description:
      'inspectors sent on each visit; by default, and never fewer than, what the deadline rules in force say (rules/deadlines: inspectorsPerVisit, today 2)',
  })
  @IsOptional()
  @IsWholeNumber(1, 10, { message: 'must be a whole number 1-10' })
  inspectorsPerTask?: number | null;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      "an enterprise with an open task for one of these items in an overlapping window is never drawn again; true: this plan's items join that task (a joint visit, summary.jointVisits[].joined), false: the plan only lists the offer (docs/inspection-limits.md)",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  joinOverlapping?: boolean | null;
}

class PlanTierDto {
  @ApiProperty() tier!: string;
  @ApiProperty() pool!: number;
  @ApiProperty() drawn!: number;
  @ApiProperty({ type: Number, nullable: true }) ratio!: number | null;
}

class JointVisitDto {
  @ApiProperty() uscc!: string;
  @ApiProperty({ format: 'uuid', description: "the open task the plan's items join (or may join)" })
  jointWith!: string;
  @ApiProperty({ type: [String], description: "the plan's items that task already carries" })
  overlapping!: string[];
  @ApiProperty({ description: "whether the plan's items were added to that task (joinOverlapping)" })
  joined!: boolean;
}

class PlanSummaryDto {
  @ApiProperty({ type: [PlanTierDto] }) tiers!: PlanTierDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) excluded!: Record<
    string,
    number
  >;
  @ApiProperty({ description: 'assigned, unassignable, byReason, inspectorsUsed, maxLoad' })
  assignment!: unknown;
  @ApiPropertyOptional({
    type: [JointVisitDto],
    description:
      'enterprises left out because an open task already carries one of the items (open_task_overlap)',
  })
  jointVisits?: JointVisitDto[];
}

class PlanPreviewTierDto {
  @ApiProperty() tier!: string;
  @ApiProperty({ description: 'eligible enterprises of the tier' }) pool!: number;
  @ApiProperty({ type: Number, nullable: true }) ratio!: number | null;
  @ApiProperty({ description: 'how many a draw would take (ceil of ratio × pool)' }) toDraw!: number;
}

export class PlanPreviewDto {
  @ApiProperty() frequencyVersion!: string;
  @ApiProperty({ example: '2026-12-02', description: 'the date the frequency rules are read on' })
  planDate!: string;
  @ApiProperty() pool!: number;
  @ApiProperty() toDraw!: number;
  @ApiProperty({ type: [PlanPreviewTierDto] }) tiers!: PlanPreviewTierDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'left out, by reason',
  })
  excluded!: Record<string, number>;
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
