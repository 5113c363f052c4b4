import { ErrorDetail, validateUscc } from '@app/domain';
import { Check, IsCalendarDate, Omittable, validateAs } from '@app/http';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { MAX_SCOPE_USCCS, RunScope, runScopeOf, SCOPE_TYPES } from './run-scope';

/**
 * The run request: these classes are its one schema, validated by the ValidationPipe and shown by
 * OpenAPI. The scope's `type` picks its class (class-transformer's discriminator); an unknown type
 * falls to RunScopeDto, which names the known ones.
 */
export class RunScopeDto {
  @ApiProperty({ enum: SCOPE_TYPES })
  @IsIn(SCOPE_TYPES, { message: `must be one of ${SCOPE_TYPES.join(', ')}` })
  type!: string;
}

export class AllScopeDto {
  @ApiProperty({ enum: ['all'] })
  @IsIn(['all'])
  type!: 'all';
}

export class RegionScopeDto {
  @ApiProperty({ enum: ['region'] })
  @IsIn(['region'])
  type!: 'region';

  @ApiProperty({
    example: '3301',
    pattern: '^\\d{1,6}$',
    description: 'division-code prefix, inside your regions',
  })
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits of a division code' })
  prefix!: string;
}

export class IndustryScopeDto {
  @ApiProperty({ enum: ['industry'] })
  @IsIn(['industry'])
  type!: 'industry';

  @ApiProperty({
    example: 'C14',
    pattern: '^([A-T]\\d{0,4}|\\d{1,4})$',
    description: 'GB/T 4754 code prefix',
  })
  @Matches(/^([A-T]\d{0,4}|\d{1,4})$/, {
    message: 'must be a GB/T 4754 code prefix: a section letter A-T and/or up to 4 digits',
  })
  prefix!: string;
}

export class UsccScopeDto {
  @ApiProperty({ enum: ['uscc'] })
  @IsIn(['uscc'])
  type!: 'uscc';

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_SCOPE_USCCS,
    example: ['91330106MA2000DA53'],
    description: 'unified social credit codes, each inside your regions',
  })
  @Check('usccs', (list) => {
    if (!Array.isArray(list) || list.length === 0)
      return [{ path: '', message: 'must be a non-empty array' }];
    if (list.length > MAX_SCOPE_USCCS)
      return [{ path: '', message: `at most ${MAX_SCOPE_USCCS} codes; use a region or industry scope` }];
    return list.flatMap((item: unknown, i) => {
      if (typeof item !== 'string') return [{ path: `[${i}]`, message: 'must be a string' }];
      const v = validateUscc(item);
      return v.valid ? [] : [{ path: `[${i}]`, message: v.message }];
    });
  })
  usccs!: string[];
}

const SCOPE_CLASSES = [AllScopeDto, RegionScopeDto, IndustryScopeDto, UsccScopeDto];

@ApiExtraModels(...SCOPE_CLASSES)
export class CreateRunDto {
  @ApiPropertyOptional({
    description: 'which enterprises (absent or null: all), inside your regions',
    oneOf: SCOPE_CLASSES.map((c) => ({ $ref: getSchemaPath(c) })),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(SCOPE_CLASSES.map((c, i) => [SCOPE_TYPES[i], getSchemaPath(c)])),
    },
    example: { type: 'region', prefix: '3301' },
  })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => RunScopeDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: SCOPE_CLASSES.map((value, i) => ({ value, name: SCOPE_TYPES[i] })),
    },
  })
  scope?: AllScopeDto | RegionScopeDto | IndustryScopeDto | UsccScopeDto | null;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'default today (Asia/Shanghai)',
  })
  @Omittable()
  @IsCalendarDate()
  asOf?: string;
}

class RuleSetRefDto {
  @ApiProperty({ example: 'tiering' }) kind!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
}

class FailedChunkDto {
  @ApiProperty() chunkNo!: number;
  @ApiProperty() enterprises!: number;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

class TierChangesDto {
  @ApiProperty() changed!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'B→C': 3 } })
  transitions!: Record<string, number>;
}

export class AssessmentRunViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['queued', 'running', 'completed', 'completed_with_failures', 'cancelling', 'cancelled', 'failed'],
  })
  status!: string;
  @ApiProperty({ description: 'the scope, as requested' }) scope!: unknown;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: ['scheduled', 'record_change', 'rule_publication', 'manual'] }) trigger!: string;
  @ApiProperty({ type: RuleSetRefDto }) ruleSet!: RuleSetRefDto;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({
    description:
      'total, done, percent, ratePerSecond, etaSeconds, assessed, confirmed (of the assessed, those whose current assessment was confirmed unchanged instead of written again), failed, chunks {total, done, pending, skipped, failed, size}, lastProgressAt, stalled',
  })
  progress!: unknown;
  @ApiProperty({ type: [FailedChunkDto] }) failedChunks!: FailedChunkDto[];
  @ApiProperty() retries!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) tiers!: Record<string, number>;
  @ApiProperty({ type: TierChangesDto }) tierChanges!: TierChangesDto;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelRequestedAt!: string | null;
}

/**
 * A scope given in another request (a simulation's), checked with the same classes as a run's and
 * named under `path`: absent or null is every enterprise.
 */
export function parseRunScope(
  input: unknown,
  path = 'scope',
): { ok: true; scope: RunScope } | { ok: false; problems: ErrorDetail[] } {
  const checked = validateAs(CreateRunDto, { scope: input }, '');
  if (checked.ok) return { ok: true, scope: runScopeOf(checked.value.scope) };
  return {
    ok: false,
    problems: checked.problems.map((p) => ({ ...p, path: path + p.path.slice('scope'.length) })),
  };
}
