import { AccessScopeRepository, CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode, TaskStatus } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MyTaskListQueryDto,
  TaskCancelDto,
  TaskCorrectionDto,
  TaskListQueryDto,
  TaskResultDto,
  TaskViewDto,
} from './task.dto';
import { TaskService } from './task.service';
import { TaskView } from './task.view';

const TaskId = () => new ParseIdPipe('inspection task');

@ApiTags('inspection tasks')
@Controller()
export class TaskController {
  constructor(
    private readonly tasks: TaskService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get('inspection-tasks')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Tasks within your regions, by status, inspector, region prefix, plan, overdue' })
  @ApiPageResponse(TaskViewDto)
  @ApiErrors(403)
  async list(@Query() q: TaskListQueryDto, @CurrentPrincipal() p: Principal): Promise<Page<TaskView>> {
    return page(
      q,
      await this.tasks.list({
        status: q.status as TaskStatus | undefined,
        inspector: q.inspector,
        regions: narrowRegions(p, q.region),
        overdue: q.overdue,
        planId: q.planId,
        kind: q.kind,
        limit: q.limit,
        offset: q.offset,
      }),
    );
  }

  @Get('me/tasks')
  @Roles(Role.Inspector)
  @ApiOperation({ summary: 'The tasks assigned to the calling inspector, soonest due first' })
  @ApiPageResponse(TaskViewDto)
  @ApiErrors(403)
  async mine(@Query() q: MyTaskListQueryDto, @CurrentPrincipal() p: Principal): Promise<Page<TaskView>> {
    if (!p.inspectorId) {
      throw new DomainError(ErrorCode.Forbidden, 'only an inspector token (with its inspector id) has tasks');
    }
    return page(
      q,
      await this.tasks.list({
        status: q.status as TaskStatus | undefined,
        inspector: p.inspectorId,
        limit: q.limit,
        offset: q.offset,
      }),
    );
  }

  @Get('inspection-tasks/:id')
  @Roles(Role.Regulator, Role.Inspector)
  @ApiOperation({ summary: 'One task (a regulator within its regions, an inspector its own)' })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(403, 404)
  async get(@Param('id', TaskId()) id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.tasks.get(id);
  }

  @Post('inspection-tasks/:id/start')
  @HttpCode(200)
  @Roles(Role.Regulator, Role.Inspector)
  @ApiOperation({ summary: 'assigned → in_progress (409 from any other status)' })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(403, 404, 409)
  async start(@Param('id', TaskId()) id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.tasks.start(id, p.subject);
  }

  @Post('inspection-tasks/:id/result')
  @HttpCode(200)
  @Roles(Role.Regulator, Role.Inspector)
  @ApiOperation({
    summary:
      'in_progress → done with { outcome, findings[], followUp }; publication due within the working days of the rule data',
  })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(403, 404, 409)
  async result(
    @Param('id', TaskId()) id: string,
    @Body() body: TaskResultDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.tasks.submitResult(id, p.subject, body);
  }

  @Post('inspection-tasks/:id/publish')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'done → published (一公开); the result becomes a spot-check record' })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(403, 404, 409)
  async publish(@Param('id', TaskId()) id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.tasks.publish(id, p.subject);
  }

  @Post('inspection-tasks/:id/correction')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Within the correction period after publication: { action: correct, reason, result } or { action: withdraw, reason }',
  })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(403, 404, 409)
  async correct(
    @Param('id', TaskId()) id: string,
    @Body() body: TaskCorrectionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.tasks.correct(id, p.subject, body);
  }

  @Post('inspection-tasks/:id/cancel')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Cancel an open task, with { reason }' })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(403, 404, 409)
  async cancel(
    @Param('id', TaskId()) id: string,
    @Body() body: TaskCancelDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.tasks.cancel(id, p.subject, body.reason);
  }
}
