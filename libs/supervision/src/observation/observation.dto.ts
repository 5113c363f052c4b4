import { IsCalendarDate, IsText, Omittable, PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ObservationPeriodView } from './observation.view';
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

export class ObservationOverrideDto {
  @ApiProperty({ enum: ['start', 'end'], description: 'start a period (any enterprise) or end the open one' })
  @IsIn(['start', 'end'], { message: 'must be start or end' })
  action!: 'start' | 'end';

  @ApiProperty({
    example: '无人配送试点, 区政府备案',
    description: 'why (kept with the period and in the audit)',
  })
  @IsText(1000)
  reason!: string;

  @ApiPropertyOptional({
    example: '2027-12-31',
    description: 'start only: the last day of the period (default: the rule set’s maxMonths from today)',
  })
  @Omittable()
  @IsCalendarDate()
  until?: string;
}

export class ObservationOverrideView {
  @ApiProperty({ type: ObservationPeriodView }) period!: ObservationPeriodView;
  @ApiProperty({
    type: [String],
    description: 'e.g. the observation rules would not have chosen this enterprise, and why',
  })
  warnings!: string[];
}
