import { PrivilegedRead } from '@app/audit';
import {
  AccessScopeRepository,
  CurrentPrincipal,
  narrowRegions,
  Principal,
  regionScope,
  Role,
  Roles,
} from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto } from '@app/http';
import { WarningIdPipe } from './warning-id.pipe';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnterpriseLights, EnterpriseLightsService } from '../lights/enterprise-lights.service';
import { MergerCheckService } from '../merger/merger-check.service';
import { PlatformGradeService, PlatformGradeView } from '../platforms/platform-grade.service';
import {
  PlatformComplianceService,
  PlatformComplianceView,
  RecordedCompliance,
} from '../platforms/platform-compliance.service';
import {
  InvestmentWarningService,
  WarningDetail,
  WarningListItem,
  WarningSummaryRow,
} from '../warnings/investment-warning.service';
import {
  AssignWarningDto,
  EnterpriseLightView,
  MergerCheckDto,
  MergerCheckView,
  ResolveWarningDto,
  WarningDetailView,
  WarningListQueryDto,
  WarningSummaryQueryDto,
  WarningSummaryView,
  WarningView,
  PlatformGradeDto,
  PlatformComplianceDto,
  RecordComplianceDto,
  RecordedComplianceDto,
} from './capital.dto';
import type { MergerCheckResult } from '../domain/merger-check';

@ApiTags('capital')
@Controller()
export class CapitalController {
  constructor(
    private readonly warnings: InvestmentWarningService,
    private readonly lights: EnterpriseLightsService,
    private readonly mergers: MergerCheckService,
    private readonly access: AccessScopeRepository,
    private readonly platforms: PlatformGradeService,
    private readonly compliance: PlatformComplianceService,
  ) {}

  @Post('merger-checks')
  @HttpCode(200)
  @Roles(Role.Regulator, Role.RuleAuthor)
  @ApiOperation({
    summary: 'Must a concentration be notified? Judged by the filing thresholds in force on the deal date',
  })
  @ApiOkResponse({ type: MergerCheckView })
  @ApiErrors(400)
  mergerCheck(@Body() body: MergerCheckDto): MergerCheckResult {
    return this.mergers.check(body.parties, body.date);
  }

  @Get('investment-warnings')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Investment warnings of your regions, newest first' })
  @ApiPageResponse(WarningView)
  @ApiErrors(400, 403)
  async list(
    @Query() query: WarningListQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<WarningListItem>> {
    const regions = narrowRegions(p, query.region);
    return page(query, await this.warnings.list({ ...query, regions }));
  }

  @Get('investment-warnings/summary')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'Counts by status and median handling time (open → resolved) by light and region',
  })
  @ApiOkResponse({ type: [WarningSummaryView] })
  @ApiErrors(400, 403)
  summary(
    @Query() query: WarningSummaryQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<WarningSummaryRow[]> {
    return this.warnings.summary(narrowRegions(p, query.region));
  }

  @Get('investment-warnings/:id')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'One warning: its events, lights, evidence and history (404 outside your regions)',
  })
  @ApiOkResponse({ type: WarningDetailView })
  @ApiErrors(404)
  get(@Param('id', WarningIdPipe) id: string, @CurrentPrincipal() p: Principal): Promise<WarningDetail> {
    return this.warnings.get(id, regionScope(p));
  }

  @Post('investment-warnings/:id/acknowledge')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'open → acknowledged (409 from any other status)' })
  @ApiOkResponse({ type: WarningDetailView })
  @ApiErrors(404, 409)
  acknowledge(
    @Param('id', WarningIdPipe) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<WarningDetail> {
    return this.warnings.acknowledge(id, regionScope(p), p.subject);
  }

  @Post('investment-warnings/:id/assign')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'open / acknowledged / assigned → assigned to { assignee }' })
  @ApiOkResponse({ type: WarningDetailView })
  @ApiErrors(400, 404, 409)
  assign(
    @Param('id', WarningIdPipe) id: string,
    @Body() body: AssignWarningDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<WarningDetail> {
    return this.warnings.assign(id, regionScope(p), p.subject, body.assignee.trim());
  }

  @Post('investment-warnings/:id/resolve')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'acknowledged / assigned → resolved with { outcome, note }; the enterprise is re-tiered',
  })
  @ApiOkResponse({ type: WarningDetailView })
  @ApiErrors(400, 404, 409)
  resolve(
    @Param('id', WarningIdPipe) id: string,
    @Body() body: ResolveWarningDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<WarningDetail> {
    return this.warnings.resolve(id, regionScope(p), p.subject, body.outcome, body.note);
  }

  @Get('enterprises/:uscc/investment-lights')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('investment-lights')
  @ApiOperation({
    summary: "An enterprise's investment events with their lights, and the light it shows now",
  })
  @ApiPageResponse(EnterpriseLightView)
  @ApiErrors(404)
  async enterpriseLights(
    @Param('uscc') uscc: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<EnterpriseLights['items'][number]> & { current: string }> {
    await this.access.assertEnterpriseVisible(p, uscc);
    const result = await this.lights.list(uscc.trim().toUpperCase(), query.limit, query.offset);
    return { ...page(query, result), current: result.current };
  }

  @Get('enterprises/:uscc/platform-grade')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('platform-grade')
  @ApiOperation({
    summary:
      'Platform grade (super / large / small_medium) with its reasons, from the platform-grades rule data',
  })
  @ApiOkResponse({ type: PlatformGradeDto })
  @ApiErrors(404)
  async platformGrade(
    @Param('uscc') uscc: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<PlatformGradeView> {
    await this.access.assertEnterpriseVisible(p, uscc);
    return this.platforms.grade(uscc.trim().toUpperCase());
  }

  @Get('enterprises/:uscc/platform-compliance')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('platform-compliance')
  @ApiOperation({
    summary:
      'Platform compliance grade (good / fair / poor) on its responsibility list, with the findings, their legal basis and records, and the rule-set version',
  })
  @ApiOkResponse({ type: PlatformComplianceDto })
  @ApiErrors(404)
  async platformCompliance(
    @Param('uscc') uscc: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<PlatformComplianceView> {
    await this.access.assertEnterpriseVisible(p, uscc);
    return this.compliance.evaluate(uscc.trim().toUpperCase());
  }

  @Post('enterprises/:uscc/platform-compliance')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      "Records today's platform-compliance evaluation (audited); the latest recorded grade is the platform.compliance_grade fact of tiering and frequency rule sets",
  })
  @ApiOkResponse({ type: RecordedComplianceDto })
  @ApiErrors(400, 404)
  async recordCompliance(
    @Param('uscc') uscc: string,
    @Body() body: RecordComplianceDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<PlatformComplianceView & { recorded: RecordedCompliance }> {
    await this.access.assertEnterpriseVisible(p, uscc);
    return this.compliance.record(uscc.trim().toUpperCase(), p.subject, body.note?.trim());
  }
}
