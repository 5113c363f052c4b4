import {
  AccessScopeRepository,
  coversRegion,
  CurrentPrincipal,
  narrowRegions,
  Principal,
  Role,
  Roles,
} from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateSandboxEnrolmentDto,
  SandboxEnrolmentView,
  SandboxExitDto,
  SandboxListQueryDto,
} from './sandbox.dto';
import { SandboxService } from './sandbox.service';

@ApiTags('sandbox')
@Controller()
export class SandboxController {
  constructor(
    private readonly sandbox: SandboxService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Post('sandbox-enrolments')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'Enrol an enterprise of your regions in a sandbox (沙盒监管): scope, licence, dates, conditions',
  })
  @ApiCreatedResponse({ type: SandboxEnrolmentView })
  @ApiErrors(400, 403, 404, 409)
  async enrol(
    @Body() body: CreateSandboxEnrolmentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SandboxEnrolmentView> {
    await this.access.assertEnterpriseVisible(principal, body.uscc);
    return this.sandbox.enrol(body, principal.subject);
  }

  @Get('sandbox-enrolments')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Sandbox enrolments within your regions (active=true: enrolled today)' })
  @ApiPageResponse(SandboxEnrolmentView)
  @ApiErrors(400, 403)
  async list(
    @Query() query: SandboxListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<SandboxEnrolmentView>> {
    const regions = narrowRegions(principal, query.region);
    return page(query, await this.sandbox.list({ ...query, regions }));
  }

  @Post('sandbox-enrolments/:id/exit')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'End an enrolment early, with a reason: back to normal supervision' })
  @ApiOkResponse({ type: SandboxEnrolmentView })
  @ApiErrors(400, 403, 404, 409)
  async exit(
    @Param('id', new ParseIdPipe('sandbox enrolment')) id: string,
    @Body() body: SandboxExitDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SandboxEnrolmentView> {
    const region = await this.sandbox.regionOf(id);
    if (region === null || !coversRegion(principal, region))
      throw new DomainError(ErrorCode.NotFound, `no sandbox enrolment ${id}`);
    return this.sandbox.exit(id, body.reason, principal.subject, body.on);
  }
}
