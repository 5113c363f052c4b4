import { Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
const isState = (s: string): s is State => (STATES as readonly string[]).includes(s);

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
  @ApiOperation({ summary: 'Jobs of a queue in a state, newest first (?state=failed&limit=50)' })
  async jobs(
    @Param('queue') queue: string,
    @Query('state') state = 'failed',
    @Query('limit') limit = '50',
  ): Promise<QueueJobView[]> {
    const problems = [];
    if (!(ALL_QUEUE_NAMES as string[]).includes(queue)) {
      throw new DomainError(ErrorCode.NotFound, `no queue ${queue} (queues: ${ALL_QUEUE_NAMES.join(', ')})`);
    }
    if (!isState(state)) problems.push({ path: 'state', message: `must be one of ${STATES.join(', ')}` });
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) problems.push({ path: 'limit', message: 'must be 1-500' });
    if (problems.length) throw new DomainError(ErrorCode.ValidationFailed, 'invalid query', problems);
    const jobs = await this.queues
      .get(queue as QueueName)
      .getJobs([isState(state) ? state : 'failed'], 0, n - 1, false);
    return jobs.map((j) => ({
      id: j.id,
      name: j.name,
      state: state as State,
      payload: (j.data as { payload?: unknown }).payload,
      attemptsMade: j.attemptsMade,
      failedReason: j.failedReason ?? null,
      createdAt: new Date(j.timestamp).toISOString(),
      runsAt: j.delay ? new Date(j.timestamp + j.delay).toISOString() : null,
      finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      returnValue: j.returnvalue ?? null,
    }));
  }
}

/** The queue view (api app). */
@Module({ controllers: [QueueAdminController] })
export class QueueAdminModule {}
