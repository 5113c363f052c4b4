import { PageQueryDto } from '@app/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ObservationPeriodListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'ended'] })
  @IsOptional()
  @IsIn(['active', 'ended'], { message: 'must be active or ended' })
  status?: 'active' | 'ended';

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3660,
    example: 30,
    description: 'active periods whose last day is within this many days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(3660)
  endingWithinDays?: number;

  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;
}
