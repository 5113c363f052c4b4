import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ObservationOverrideDto,
  ObservationOverrideView,
  ObservationPeriodListQueryDto,
} from './observation.dto';
import { ObservationService } from './observation.service';
import { ObservationQueryService } from './observation-query.service';
import { EnterpriseObservationView, ObservationPeriodView } from './observation.view';

@ApiTags('observation')
@Controller()
export class ObservationController {
  constructor(
    private readonly periods: ObservationQueryService,
    private readonly observation: ObservationService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Post('enterprises/:uscc/observation')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Start (any enterprise, with a reason; warns when the rules would not have chosen it) or end an observation period',
  })
  @ApiOkResponse({ type: ObservationOverrideView })
  @ApiErrors(400, 403, 404, 409)
  async override(
    @Param('uscc') uscc: string,
    @Body() body: ObservationOverrideDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ObservationOverrideView> {
    await this.access.assertEnterpriseVisible(principal, uscc);
    return this.observation.override(uscc, body, principal.subject);
  }

  @Get('enterprises/:uscc/observation')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('observation')
  @ApiOperation({
    summary:
      'The observation period active today (days remaining) and every period, with reasons and rule versions',
  })
  @ApiOkResponse({ type: EnterpriseObservationView })
  @ApiErrors(403, 404)
  async ofEnterprise(
    @Param('uscc') uscc: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnterpriseObservationView> {
    await this.access.assertEnterpriseVisible(principal, uscc);
    return this.periods.ofEnterprise(uscc);
  }

  @Get('observation-periods')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Observation periods within your regions: active or ended, ending within N days' })
  @ApiPageResponse(ObservationPeriodView)
  @ApiErrors(400, 403)
  async list(
    @Query() query: ObservationPeriodListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<ObservationPeriodView>> {
    const regions = narrowRegions(principal, query.region);
    return page(query, await this.periods.list({ ...query, regions }));
  }
}
