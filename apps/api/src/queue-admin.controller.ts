import { Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto } from '@app/http';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ALL_QUEUE_NAMES, QueueName, QueueRegistry } from '@app/queue';

const STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
] as const;
type State = (typeof STATES)[number];

export class QueueJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATES, default: 'failed' })
  @IsOptional()
  @IsIn(STATES)
  state: State = 'failed';
}

export class QueueCountsDto {
  @ApiProperty() queue!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { waiting: 0, failed: 2 },
  })
  counts!: Record<string, number>;
}

export class QueueJobDto {
  @ApiProperty({ type: String, nullable: true }) id!: string | undefined;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STATES }) state!: string;
  @ApiProperty({ description: 'the job payload' }) payload!: unknown;
  @ApiProperty() attemptsMade!: number;
  @ApiProperty({ type: String, nullable: true }) failedReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) runsAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ description: 'what the job returned' }) returnValue!: unknown;
}

export interface QueueCounts {
  queue: string;
  counts: Record<State, number>;
}

export interface QueueJobView {
  id: string | undefined;
  name: string;
  state: State;
  payload: unknown;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: string;
  runsAt: string | null;
  finishedAt: string | null;
  returnValue: unknown;
}

/** A read-only view of the BullMQ queues for administrators: counts per state, and the jobs in one. */
@ApiTags('admin')
@Controller('admin/queues')
export class QueueAdminController {
  constructor(private readonly queues: QueueRegistry) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Every queue with its job counts per state (read-only)' })
  @ApiOkResponse({ type: [QueueCountsDto] })
  @ApiErrors(403)
  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      ALL_QUEUE_NAMES.map(async (name) => ({
        queue: name,
        counts: (await this.queues.get(name).getJobCounts(...STATES)) as Record<State, number>,
      })),
    );
  }

  @Get(':queue/jobs')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Jobs of a queue in a state, newest first (?state=failed&limit=50&offset=0)' })
  @ApiPageResponse(QueueJobDto)
  @ApiErrors(403, 404)
  async jobs(@Param('queue') queue: string, @Query() q: QueueJobsQueryDto): Promise<Page<QueueJobView>> {
    if (!(ALL_QUEUE_NAMES as string[]).includes(queue)) {
      throw new DomainError(ErrorCode.NotFound, `no queue ${queue} (queues: ${ALL_QUEUE_NAMES.join(', ')})`);
    }
    const bull = this.queues.get(queue as QueueName);
    const total = (await bull.getJobCounts(q.state))[q.state] ?? 0;
    const jobs = await bull.getJobs([q.state], q.offset, q.offset + q.limit - 1, false);
    return page(q, {
      total,
      items: jobs.map((j) => ({
        id: j.id,
        name: j.name,
        state: q.state,
        payload: (j.data as { payload?: unknown }).payload,
        attemptsMade: j.attemptsMade,
        failedReason: j.failedReason ?? null,
        createdAt: new Date(j.timestamp).toISOString(),
        runsAt: j.delay ? new Date(j.timestamp + j.delay).toISOString() : null,
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        returnValue: j.returnvalue ?? null,
      })),
    });
  }
}

/** The queue view (api app). */
@Module({ controllers: [QueueAdminController] })
export class QueueAdminModule {}
