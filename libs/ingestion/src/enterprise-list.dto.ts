import { PageQueryDto } from '@app/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Length, Matches } from 'class-validator';

/** GET /enterprises: the one schema of the list's filters (validation and OpenAPI). */
export class EnterpriseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: '鼓楼',
    description:
      'a code prefix (the letters and digits of a unified social credit code, 2-18 characters) or a part of the name (at least 2 characters; 3 or more are answered from the trigram index)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(2, 100, { message: 'must be 2 to 100 characters' })
  q?: string;

  @ApiPropertyOptional({
    example: '3501',
    description: 'division-code prefix (1-6 digits), inside your regions',
  })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be a prefix of a 6-digit division code (1-6 digits)' })
  region?: string;

  @ApiPropertyOptional({ example: 'C14', description: 'GB/T 4754 industry code prefix' })
  @IsOptional()
  @Matches(/^[A-T0-9]{1,5}$/, { message: 'must be a GB/T 4754 code prefix (1-5 characters A-T or digits)' })
  industry?: string;

  @ApiPropertyOptional({ example: 'C', description: 'the current tier (as the tiering rule set names it)' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9]?$/, { message: 'must be a tier as the rule set names it (e.g. A, B, C, D)' })
  tier?: string;
}
