import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** A calendar date, or a date-time with its zone (no week dates, no ordinal dates). */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** GET /access-log: filters, and the project's paging (limit 1-1000, default 100; offset 0-100000). */
export class AccessLogQuery {
  @ApiPropertyOptional({ description: 'principal subject', example: 'regulator:alice' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  subject?: string;

  @ApiPropertyOptional({ description: 'enterprise read', example: '91330106MA2000DA53' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[0-9A-Z]{18}$/, { message: 'must be an 18-character unified social credit code' })
  uscc?: string;

  @ApiPropertyOptional({
    description: 'from this instant (inclusive), ISO 8601',
    example: '2026-12-01T00:00:00+08:00',
  })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be a date YYYY-MM-DD or a date-time with its zone' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'until this instant (exclusive), ISO 8601', example: '2026-12-02' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be a date YYYY-MM-DD or a date-time with its zone' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  offset = 0;
}
