import { CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { languageOf } from '../plain-language';
import {
  MyRepairListQueryDto,
  RepairApplicationDto,
  RepairApplicationView,
  RepairDecisionDto,
  RepairDecisionView,
  RepairListQueryDto,
} from './repair.dto';
import { RepairService } from './repair.service';

const ApplicationId = () => new ParseIdPipe('repair application');

@ApiTags('credit repair')
@Controller()
export class RepairController {
  constructor(private readonly repairs: RepairService) {}

  @Post('repair-applications')
  @Roles(Role.Enterprise)
  @ApiOperation({
    summary:
      'File a credit repair (信用修复) for one of your records; eligibility is checked at once: 422 with the date it becomes possible, or why it never is early',
  })
  @ApiCreatedResponse({ type: RepairApplicationView })
  @ApiErrors(404, 409, 422)
  file(
    @Body() body: RepairApplicationDto,
    @CurrentPrincipal() p: Principal,
    @Headers('accept-language') language?: string,
  ): Promise<RepairApplicationView> {
    return this.repairs.file(p, body, languageOf(language));
  }

  @Get('me/repair-applications')
  @Roles(Role.Enterprise)
  @ApiOperation({ summary: 'Your repair applications, newest first, with each decision and its reason' })
  @ApiPageResponse(RepairApplicationView)
  @ApiErrors(403)
  async mine(
    @Query() q: MyRepairListQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<RepairApplicationView>> {
    return page(q, await this.repairs.listMine(p, q));
  }

  @Get('repair-applications')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Repair applications within your regions (or a region prefix), by status' })
  @ApiPageResponse(RepairApplicationView)
  @ApiErrors(403)
  async list(
    @Query() q: RepairListQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<RepairApplicationView>> {
    return page(
      q,
      await this.repairs.list({
        status: q.status,
        regions: narrowRegions(p, q.region),
        limit: q.limit,
        offset: q.offset,
      }),
    );
  }

  @Get('repair-applications/:id')
  @Roles(Role.Regulator, Role.Enterprise)
  @ApiOperation({ summary: 'One repair application (an enterprise its own, a regulator within its regions)' })
  @ApiOkResponse({ type: RepairApplicationView })
  @ApiErrors(404)
  get(
    @Param('id', ApplicationId()) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<RepairApplicationView> {
    return this.repairs.get(p, id);
  }

  @Post('repair-applications/:id/decision')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Approve (the record stops counting, the enterprise is re-tiered at once) or reject, with the reason the enterprise reads',
  })
  @ApiOkResponse({ type: RepairDecisionView })
  @ApiErrors(404, 409)
  decide(
    @Param('id', ApplicationId()) id: string,
    @Body() body: RepairDecisionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RepairDecisionView> {
    return this.repairs.decide(p, id, body);
  }
}
