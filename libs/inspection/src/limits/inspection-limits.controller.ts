import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TaskViewDto } from '../tasks/task.dto';
import { TaskView } from '../tasks/task.view';
import {
  InspectionLoadQueryDto,
  InspectionLoadTopQueryDto,
  InspectionLoadViewDto,
  LegalBasisDto,
  ManualStaffingDto,
  TopLoadItemDto,
} from './inspection-limits.dto';
import { InspectionLimitsService, InspectionLoadView, TopLoadItem } from './inspection-limits.service';

const TaskId = () => new ParseIdPipe('inspection task');

/** 无事不扰: limits on inspections (docs/inspection-limits.md). */
@ApiTags('inspection limits')
@Controller()
export class InspectionLimitsController {
  constructor(
    private readonly limits: InspectionLimitsService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get('enterprises/:uscc/inspection-load')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('inspection-load')
  @ApiOperation({
    summary:
      "An enterprise's visits in a year per department against the annual cap of the frequency rules, with the tasks counted",
  })
  @ApiOkResponse({ type: InspectionLoadViewDto })
  @ApiErrors(400, 403, 404)
  async load(
    @Param('uscc') uscc: string,
    @Query() q: InspectionLoadQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<InspectionLoadView> {
    await this.access.assertEnterpriseVisible(p, uscc);
    return this.limits.load(uscc, q.year);
  }

  @Get('inspection-load/top')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Enterprises inspected most often in a year, per department, within your regions; reached = at or over the annual cap (高频检查预警)',
  })
  @ApiPageResponse(TopLoadItemDto)
  @ApiErrors(400, 403)
  async top(
    @Query() q: InspectionLoadTopQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<TopLoadItem>> {
    return page(q, await this.limits.top(narrowRegions(p, q.region), q.year, q.limit, q.offset));
  }

  @Post('inspection-tasks/:id/legal-basis')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'State the legal reason of a triggered visit over the annual cap (it cannot start before)',
  })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(400, 403, 404, 409)
  async legalBasis(
    @Param('id', TaskId()) id: string,
    @Body() body: LegalBasisDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.limits.stateLegalBasis(id, p.subject, body.reason);
  }

  @Post('inspection-tasks/:id/inspectors')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Staff an unassignable (pending) task by hand: { inspectorIds, reason } — at least the minimum per visit, certified, qualified, of the region, not recused',
  })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiErrors(400, 403, 404, 409)
  async staff(
    @Param('id', TaskId()) id: string,
    @Body() body: ManualStaffingDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TaskView> {
    await this.access.assertTaskVisible(p, id);
    return this.limits.staff(id, p.subject, body);
  }
}
