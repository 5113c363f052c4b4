import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page } from '@app/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ObservationPeriodListQueryDto } from './observation.dto';
import { ObservationQueryService } from './observation-query.service';
import { EnterpriseObservationView, ObservationPeriodView } from './observation.view';

@ApiTags('observation')
@Controller()
export class ObservationController {
  constructor(
    private readonly periods: ObservationQueryService,
    private readonly access: AccessScopeRepository,
  ) {}

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
