import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode, TASK_STATUSES, TaskStatus } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { TaskService } from './task.service';
import { TaskView } from './task.view';

function bad(path: string, message: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, `invalid ${path}`, [{ path, message }]);
}

@ApiTags('inspection tasks')
@Controller('inspection-tasks')
export class TaskController {
  constructor(private readonly tasks: TaskService) {}

  @Get()
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Tasks by status, inspector, region (division prefix), plan, overdue' })
  @ApiQuery({ name: 'status', required: false, enum: TASK_STATUSES })
  @ApiQuery({ name: 'inspector', required: false })
  @ApiQuery({ name: 'region', required: false, example: '3301' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'planId', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: ['random', 'triggered'] })
  list(
    @Query('status') status?: string,
    @Query('inspector') inspector?: string,
    @Query('region') region?: string,
    @Query('overdue') overdue?: string,
    @Query('planId') planId?: string,
    @Query('kind') kind?: string,
    @Query('limit') limit = '100',
    @Query('offset') offset = '0',
  ): Promise<{ total: number; items: TaskView[] }> {
    if (status !== undefined && !(TASK_STATUSES as readonly string[]).includes(status))
      bad('status', `must be one of ${TASK_STATUSES.join(', ')}`);
    if (region !== undefined && !/^\d{1,6}$/.test(region)) bad('region', 'must be 1-6 digits');
    if (overdue !== undefined && overdue !== 'true' && overdue !== 'false')
      bad('overdue', 'must be true or false');
    if (planId !== undefined && !/^[0-9a-f-]{36}$/i.test(planId)) bad('planId', 'must be a plan id');
    if (kind !== undefined && kind !== 'random' && kind !== 'triggered')
      bad('kind', 'must be random or triggered');
    const n = Number(limit);
    const o = Number(offset);
    if (!Number.isInteger(n) || n < 1 || n > 1000) bad('limit', 'must be 1-1000');
    if (!Number.isInteger(o) || o < 0) bad('offset', 'must be a whole number from 0');
    return this.tasks.list({
      status: status as TaskStatus | undefined,
      inspector,
      region,
      overdue: overdue === undefined ? undefined : overdue === 'true',
      planId,
      kind: kind,
      limit: n,
      offset: o,
    });
  }

  @Get(':id')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'One task' })
  get(@Param('id') id: string): Promise<TaskView> {
    return this.tasks.get(id);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'assigned → in_progress (409 from any other status)' })
  start(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    return this.tasks.start(id, p.subject);
  }

  @Post(':id/result')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'in_progress → done with { outcome: compliant|issues_found|not_found_at_address|closed, findings[], followUp }; publication due within 20 working days',
  })
  result(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.tasks.submitResult(id, p.subject, body);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'done → published (一公开); the result becomes a spot-check record' })
  publish(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    return this.tasks.publish(id, p.subject);
  }

  @Post(':id/correction')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Within 3 working days of publication: { action: correct, reason, result } or { action: withdraw, reason }',
  })
  correct(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    return this.tasks.correct(id, p.subject, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Cancel an open task, with { reason }' })
  cancel(
    @Param('id') id: string,
    @Body() body: { reason?: unknown } | undefined,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.tasks.cancel(id, p.subject, body?.reason);
  }
}
