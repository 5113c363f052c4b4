import { ErrorDetailDto } from '@app/http';
import { RULE_SET_KINDS, RULE_SET_STATUSES } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const LABEL = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;
const LABEL_MESSAGE = 'must be a version label: 1-40 letters, digits, ".", "_" or "-"';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = 'must be an ISO-8601 instant with an offset, e.g. 2026-07-01T00:00:00+08:00';
const MAX_OPERATIONS = 1000;

/** One RFC 6902 operation. */
export class PatchOperationDto {
  @ApiProperty({ enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] })
  @IsIn(['add', 'remove', 'replace', 'move', 'copy', 'test'])
  op!: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

  @ApiProperty({ example: '/outcome/base', description: 'a JSON Pointer into the document' })
  @IsString()
  @MaxLength(1000)
  @Matches(/^(\/.*)?$/, { message: 'must be a JSON Pointer ("" or starting with "/")' })
  path!: string;

  @ApiPropertyOptional({ description: 'the source pointer of move and copy' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^(\/.*)?$/, { message: 'must be a JSON Pointer ("" or starting with "/")' })
  from?: string;

  @ApiPropertyOptional({ description: 'the value of add, replace and test (any JSON)' })
  @Allow()
  value?: unknown;
}

export class CreateRuleSetVersionDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'a full rule-set document (rules/schema/rule-set.schema.json); its kind must be the path kind; its version is the label (assigned as <year>.<n> when absent)',
  })
  @IsOptional()
  @IsObject()
  document?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: '2026.1',
    description: 'instead of document: a version of the kind to start from',
  })
  @IsOptional()
  @Matches(LABEL, { message: LABEL_MESSAGE })
  base?: string;

  @ApiPropertyOptional({
    type: [PatchOperationDto],
    description: 'with base: an RFC 6902 JSON Patch applied to its document ([] copies it)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OPERATIONS)
  @ValidateNested({ each: true })
  @Type(() => PatchOperationDto)
  patch?: PatchOperationDto[];
}

export class PatchRuleSetVersionDto {
  @ApiProperty({
    type: [PatchOperationDto],
    description: 'an RFC 6902 JSON Patch applied to the draft document',
  })
  @IsArray()
  @ArrayMaxSize(MAX_OPERATIONS)
  @ValidateNested({ each: true })
  @Type(() => PatchOperationDto)
  patch!: PatchOperationDto[];
}

export class PublishRuleSetVersionDto {
  @ApiProperty({
    example: '2027-01-01T00:00:00+08:00',
    description: 'when the version comes into force: an instant with its offset, not in the past',
  })
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  effectiveFrom!: string;
}

export class RollbackRuleSetDto {
  @ApiProperty({ example: '2026.1', description: 'the version (once in force) whose document comes back' })
  @Matches(LABEL, { message: LABEL_MESSAGE })
  to!: string;

  @ApiProperty({
    example: '2027-01-01T00:00:00+08:00',
    description: 'an instant with its offset, not in the past',
  })
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  effectiveFrom!: string;

  @ApiPropertyOptional({ example: '2026.1-r1', description: 'the new version label; <to>-r<n> when absent' })
  @IsOptional()
  @Matches(LABEL, { message: LABEL_MESSAGE })
  version?: string;
}

export class VersionNoteDto {
  @ApiPropertyOptional({
    example: 'checked against the 2026 guidance',
    description: 'why, in words (kept in the audit chain)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class RuleSetDiffQueryDto {
  @ApiProperty({ example: '2026.1', description: 'the version to compare with (the "from" side)' })
  @Matches(LABEL, { message: LABEL_MESSAGE })
  against!: string;
}

export class RuleSetWarningDto {
  @ApiProperty({ example: 'rules[2]' }) path!: string;
  @ApiProperty({ example: 'never-fires' }) code!: string;
  @ApiProperty() message!: string;
}

export class ScenarioResultDto {
  @ApiProperty() name!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: 'what the scenario expects (any JSON)' }) expected!: unknown;
  @ApiProperty({ description: 'what the document gives (any JSON)' }) actual!: unknown;
  @ApiPropertyOptional({ description: 'why it failed' }) message?: string;
}

export class ScenarioReportDto {
  @ApiProperty() total!: number;
  @ApiProperty() passed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [ScenarioResultDto] }) results!: ScenarioResultDto[];
}

export class RuleSetVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RULE_SET_KINDS }) kind!: string;
  @ApiProperty({ example: '2026.2' }) version!: string;
  @ApiProperty({ enum: RULE_SET_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ description: 'sha-256 of the canonical document' }) checksum!: string;
  @ApiProperty() author!: string;
  @ApiProperty({ type: [String], description: 'who else edited the draft (none of them may approve it)' })
  editors!: string[];
  @ApiProperty({ type: String, nullable: true }) approver!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) publishedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) activatedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the version it was drafted or rolled back from',
  })
  basedOn!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({
    type: [ErrorDetailDto],
    description: 'validator problems; a version with any is never approved',
  })
  problems!: ErrorDetailDto[];
  @ApiProperty({ type: [RuleSetWarningDto], description: 'static-check warnings (do not block approval)' })
  warnings!: RuleSetWarningDto[];
  @ApiProperty({ type: ScenarioReportDto, nullable: true, description: 'null when the document is invalid' })
  scenarios!: ScenarioReportDto | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'the document (one version only)',
  })
  document?: unknown;
}

export class RuleSetKindSummaryDto {
  @ApiProperty({ enum: RULE_SET_KINDS }) kind!: string;
  @ApiProperty({ type: RuleSetVersionDto, nullable: true }) inForce!: RuleSetVersionDto | null;
  @ApiProperty({ type: [RuleSetVersionDto] }) scheduled!: RuleSetVersionDto[];
  @ApiProperty({ type: [RuleSetVersionDto], description: 'drafts and approved versions' })
  drafts!: RuleSetVersionDto[];
}

class VersionRefDto {
  @ApiProperty({ enum: RULE_SET_KINDS }) kind!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
}

class FieldChangeDto {
  @ApiProperty({ example: 'conditions.all[0].value' }) path!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change!: string;
  @ApiPropertyOptional({ description: 'the value before (any JSON)' }) from?: unknown;
  @ApiPropertyOptional({ description: 'the value after (any JSON)' }) to?: unknown;
}

class ItemChangesDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [FieldChangeDto] }) changes!: FieldChangeDto[];
}

class SectionDiffDto {
  @ApiProperty({ type: [String] }) added!: string[];
  @ApiProperty({ type: [String] }) removed!: string[];
  @ApiProperty({ type: [ItemChangesDto] }) changed!: ItemChangesDto[];
}

class RulesDiffDto extends SectionDiffDto {
  @ApiProperty({ description: 'the rules both versions have come in another order' }) reordered!: boolean;
}

/** libs/rules' RuleSetDiff: what changes from the `against` version to this one. */
export class RuleSetDiffDto {
  @ApiProperty({ type: VersionRefDto, description: 'the "against" version' }) from!: VersionRefDto;
  @ApiProperty({ type: VersionRefDto }) to!: VersionRefDto;
  @ApiProperty() identical!: boolean;
  @ApiProperty({ type: [FieldChangeDto], description: 'top-level fields (description, …)' })
  document!: FieldChangeDto[];
  @ApiProperty({ type: SectionDiffDto }) facts!: SectionDiffDto;
  @ApiProperty({ type: RulesDiffDto }) rules!: RulesDiffDto;
  @ApiProperty({ type: [FieldChangeDto], description: 'outcome changes (tiers, bands, caps)' })
  outcome!: FieldChangeDto[];
  @ApiProperty({ type: SectionDiffDto, description: 'scenario tests' }) tests!: SectionDiffDto;
  @ApiProperty({ type: [String], description: 'one line per change, for people' }) summary!: string[];
}

export class ValidateRuleSetDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'a rule-set document (rules/schema/rule-set.schema.json) of the path kind; nothing is stored',
  })
  @IsObject()
  document!: Record<string, unknown>;
}

export class RuleSetCheckDto {
  @ApiProperty({ type: [ErrorDetailDto], description: 'validator problems (paths into the document)' })
  problems!: ErrorDetailDto[];
  @ApiProperty({ type: [RuleSetWarningDto], description: 'static-check warnings of a valid document' })
  warnings!: RuleSetWarningDto[];
  @ApiProperty({ type: ScenarioReportDto, nullable: true, description: 'null when the document is invalid' })
  scenarios!: ScenarioReportDto | null;
}
