import { IsCalendarDate, PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_SAMPLE } from './simulation.service';

/** POST …/versions/:version/simulations. The scope's shape is checked as a re-tier run's (parseRunScope). */
export class CreateSimulationDto {
  @ApiPropertyOptional({
    description:
      '{type:"all"} | {type:"region",prefix:"3301"} | {type:"industry",prefix:"C14"} | {type:"uscc",usccs:[…]} (default all); inside your regions',
    example: { type: 'region', prefix: '3301' },
    oneOf: [
      { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['all'] } } },
      {
        type: 'object',
        required: ['type', 'prefix'],
        properties: { type: { type: 'string', enum: ['region', 'industry'] }, prefix: { type: 'string' } },
      },
      {
        type: 'object',
        required: ['type', 'usccs'],
        properties: {
          type: { type: 'string', enum: ['uscc'] },
          usccs: { type: 'array', items: { type: 'string' }, maxItems: 10000 },
        },
      },
    ],
  })
  @IsOptional()
  @IsObject()
  scope?: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_SAMPLE,
    description:
      'simulate a deterministic sample of this many enterprises of the scope (the same ones every time)',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_SAMPLE)
  sample?: number;
}

export class SimulationChangesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'B',
    description: 'only enterprises moving from this tier ("unassessed" included)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  from?: string;

  @ApiPropertyOptional({ example: 'C', description: 'only enterprises moving to this tier' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  to?: string;
}

export class BacktestQueryDto {
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-01-01',
    description: 'first inspection date (Asia/Shanghai)',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-12-31',
    description: 'last inspection date (Asia/Shanghai)',
  })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

class RuleSetRefDto {
  @ApiProperty({ example: 'tiering' }) kind!: string;
  @ApiProperty({ example: '2026.2' }) version!: string;
}

class BacktestRowDto {
  @ApiProperty({ example: 'C' }) tier!: string;
  @ApiProperty() inspections!: number;
  @ApiProperty() issuesFound!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0.4000',
    description: 'issuesFound / inspections, 4 places',
  })
  detectionRate!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 4000, description: 'the same in basis points' })
  detectionRateBp!: number | null;
}

class InForceVersionDto {
  @ApiProperty() version!: string;
  @ApiProperty() inspections!: number;
}

class BacktestInForceDto {
  @ApiProperty({ type: [InForceVersionDto] }) versions!: InForceVersionDto[];
  @ApiProperty({ type: [BacktestRowDto] }) tiers!: BacktestRowDto[];
}

export class BacktestViewDto {
  @ApiProperty() version!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to!: string | null;
  @ApiProperty() inspections!: number;
  @ApiProperty({ type: [BacktestRowDto], description: 'per tier under the replayed version' })
  tiers!: BacktestRowDto[];
  @ApiProperty({
    type: BacktestInForceDto,
    description: 'the same inspections under the version in force on each date',
  })
  inForce!: BacktestInForceDto;
}

export class SimulationViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ type: RuleSetRefDto, description: 'the simulated version' }) ruleSet!: RuleSetRefDto;
  @ApiProperty({ type: RuleSetRefDto, description: 'the version in force when asked: the "from" side' })
  against!: RuleSetRefDto;
  @ApiProperty() frequencyVersion!: string;
  @ApiProperty({ description: 'the scope, as requested' }) scope!: unknown;
  @ApiProperty({ type: Number, nullable: true }) sample!: number | null;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({
    description: 'total, processed, done, percent, ratePerSecond, etaSeconds, chunks {total, done}',
  })
  progress!: unknown;
  @ApiProperty({
    nullable: true,
    description:
      'once completed: enterprises, changed, unassessed, tiers, matrix (from → to → count), meanScore, rules (hits and mean points old/new), workload (perTier, total, basis), observation, lights, backtest, workloadRules',
  })
  result!: unknown;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class SimulationChangeDto {
  @ApiProperty() uscc!: string;
  @ApiProperty({ example: 'B' }) from!: string;
  @ApiProperty({ example: 'C' }) to!: string;
  @ApiProperty({ description: 'under the version in force: tier, score, fired rules, overrides, facts' })
  old!: unknown;
  @ApiProperty({ description: 'under the simulated version' }) new!: unknown;
}
