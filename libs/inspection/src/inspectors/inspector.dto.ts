import { validateUscc } from '@app/domain';
import { Check, IsList, IsText, IsWholeNumber, PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

export class InspectorListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;

  @ApiPropertyOptional({ example: '食品经营处' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  department?: string;
}

const trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
const aText = (entry: unknown): string | null =>
  typeof entry === 'string' && entry.trim().length > 0 && entry.length <= 200
    ? null
    : 'must be a text of 1-200 characters';

/**
 * One inspector of the roster: the one schema of a row, shown by OpenAPI and checked row by row
 * (parseRoster, inspector-row.ts) for a JSON body and for a CSV file alike: a CSV line is first
 * read into the same typed fields (lists split on ";", flags true/false/1/0/yes/no).
 */
export class InspectorDto {
  @ApiProperty({ example: 'INS-330100-001', pattern: '^[A-Za-z0-9._-]{1,64}$' })
  @trim()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "_" or "-"' })
  id!: string;

  @ApiProperty({ example: '张伟', minLength: 1, maxLength: 200 })
  @trim()
  @IsText(200)
  name!: string;

  @ApiProperty({ example: '食品经营处', minLength: 1, maxLength: 64 })
  @trim()
  @IsText(64)
  department!: string;

  @ApiProperty({
    example: '330100',
    pattern: '^\\d{1,6}$',
    description: 'division-code prefix of 1-6 digits, inside your regions',
  })
  @trim()
  @Matches(/^\d{1,6}$/, { message: 'must be a division code prefix of 1-6 digits' })
  regionCode!: string;

  @ApiPropertyOptional({ type: [String], maxItems: 200, example: ['食品安全'], default: [] })
  @IsOptional()
  @IsList({ min: 0, max: 200, message: 'must be a list of at most 200 texts' }, aText)
  qualifications?: string[] | null;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'holds an enforcement certificate' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  certified?: boolean | null;

  @ApiPropertyOptional({
    type: String,
    example: '浙执法330100123',
    maxLength: 64,
    description: 'enforcement certificate number, shown when an enterprise checks a visit (扫码入企)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  certificateNo?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10_000,
    default: [],
    description: 'unified social credit codes of enterprises with a declared conflict (回避)',
  })
  @IsOptional()
  @Check('usccs', (list) => {
    if (!Array.isArray(list) || list.length > 10_000)
      return [{ path: '', message: 'must be a list of at most 10000 codes' }];
    return list.flatMap((code: unknown, i) => {
      const v =
        typeof code === 'string' ? validateUscc(code) : { valid: false as const, message: 'must be a text' };
      return v.valid ? [] : [{ path: `[${i}]`, message: v.message }];
    });
  })
  conflictUsccs?: string[] | null;

  @ApiPropertyOptional({ type: [String], maxItems: 200, default: [], description: 'kept for the record' })
  @IsOptional()
  @IsList({ min: 0, max: 200, message: 'must be a list of at most 200 texts' }, aText)
  relatedPersons?: string[] | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100_000, description: 'tasks per period' })
  @IsWholeNumber(0, 100_000)
  capacityPerPeriod!: number;

  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean | null;
}

export class RosterResultDto {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
}
