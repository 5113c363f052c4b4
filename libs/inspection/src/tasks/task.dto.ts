import { TASK_STATUSES } from '@app/domain';
import { Check, IsList, IsText, PageQueryDto, ToBoolean } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OUTCOMES } from './task-result';

export class TaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: string;

  @ApiPropertyOptional({ description: 'an inspector id of the roster' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  inspector?: string;

  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a plan id (UUID)' })
  planId?: string;

  @ApiPropertyOptional({ enum: ['random', 'triggered'] })
  @IsOptional()
  @IsIn(['random', 'triggered'])
  kind?: 'random' | 'triggered';
}

export class MyTaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: string;
}

/**
 * The result of an inspection: the one schema of the result body (and of a correction's result),
 * validated by the ValidationPipe or, for a caller outside HTTP, by TaskService with the same class.
 */
export class TaskResultDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES, { message: `must be one of ${OUTCOMES.join(', ')}` })
  outcome!: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 200,
    description: 'each 1-2000 characters; at least one when issues were found',
  })
  @IsOptional()
  @IsList({ min: 0, max: 200, message: 'must be a list of at most 200 findings' }, (f) =>
    typeof f === 'string' && f.trim().length > 0 && f.length <= 2000
      ? null
      : 'must be a text of 1-2000 characters',
  )
  findings?: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @Check('followUp', (v) =>
    typeof v === 'string' && v.length <= 2000
      ? []
      : [{ path: '', message: 'must be a text of at most 2000 characters, or null' }],
  )
  followUp?: string | null;
}

export class TaskCorrectionDto {
  @ApiProperty({ enum: ['correct', 'withdraw'] })
  @IsIn(['correct', 'withdraw'], { message: 'must be correct or withdraw' })
  action!: 'correct' | 'withdraw';

  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsText(500)
  reason!: string;

  @ApiPropertyOptional({ type: TaskResultDto, description: 'the corrected result (action correct)' })
  @ValidateIf((o: TaskCorrectionDto) => o.action === 'correct')
  @IsObject({ message: 'must be an object: the corrected result' })
  @ValidateNested()
  @Type(() => TaskResultDto)
  result?: TaskResultDto;
}

export class TaskCancelDto {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsText(500)
  reason!: string;
}

class TaskTriggerDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'the records that triggered the inspection' }) records!: unknown;
}

class TaskResultViewDto {
  @ApiProperty({ enum: OUTCOMES }) outcome!: string;
  @ApiProperty({ type: [String] }) findings!: string[];
  @ApiProperty({ type: String, nullable: true }) followUp!: string | null;
}

/** An inspection task as the API shows it (OpenAPI). */
export class TaskViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) seq!: number | null;
  @ApiProperty() uscc!: string;
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
  @ApiProperty({ enum: ['random', 'triggered'] }) kind!: string;
  @ApiProperty() priority!: number;
  @ApiProperty({ enum: TASK_STATUSES }) status!: string;
  @ApiProperty({ type: [String] }) inspectors!: string[];
  @ApiProperty({ type: String, nullable: true }) unassignableReason!: string | null;
  @ApiProperty({ description: 'inspection items: name, type key|general, department, qualification' })
  items!: unknown;
  @ApiProperty({ format: 'date-time' }) scheduledStart!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: TaskTriggerDto, nullable: true }) trigger!: TaskTriggerDto | null;
  @ApiProperty({ type: TaskResultViewDto, nullable: true }) result!: TaskResultViewDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resultAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishDeadline!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) correctionDeadline!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) correctedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty() publicationOverdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dispatchedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) remindedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) escalatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({
    nullable: true,
    description:
      'a triggered task over the annual cap per department: { department, count, cap, year, frequencyVersion, message }; it starts only once legalBasis is stated',
  })
  overCap!: unknown;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the legal reason stated for a visit over the cap',
  })
  legalBasis!: string | null;
  @ApiProperty({
    type: [Object],
    description: 'plans whose items joined this task (joint visit): planId, at, by',
  })
  jointPlans!: unknown[];
  @ApiProperty({
    nullable: true,
    description: 'manual staffing: by, reason, at, inspectors (null when drawn)',
  })
  manualStaffing!: unknown;
  @ApiProperty({
    nullable: true,
    description:
      'the rule data behind each deadline: deadlines version, the number applied, calendar years counted',
  })
  deadlineRules!: unknown;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
