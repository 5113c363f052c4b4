import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page } from '@app/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnterpriseService } from './enterprise.service';
import { EnterpriseListQueryDto } from './enterprise-list.dto';
import { EnterpriseListItemView, EnterpriseView } from './enterprise.view';

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterpriseController {
  constructor(
    private readonly enterprises: EnterpriseService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get()
  @Roles(Role.Regulator, Role.RuleAuthor)
  @PrivilegedRead('enterprise-list')
  @ApiOperation({
    summary:
      'Enterprises within your regions (or the region prefix asked), by industry prefix, current tier and a search text (code prefix or part of the name), in code order',
  })
  @ApiPageResponse(EnterpriseListItemView)
  @ApiErrors(403)
  async list(
    @Query() query: EnterpriseListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<EnterpriseListItemView>> {
    const result = await this.enterprises.list({
      q: query.q,
      regions: narrowRegions(principal, query.region),
      industry: query.industry,
      tier: query.tier,
      limit: query.limit,
      offset: query.offset,
    });
    return page(query, result);
  }

  @Get(':uscc')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @PrivilegedRead('enterprise')
  @ApiOperation({
    summary: 'One enterprise (a regulator reads within its regions, an enterprise only itself)',
  })
  @ApiOkResponse({ type: EnterpriseView })
  @ApiErrors(403, 404)
  async get(@Param('uscc') uscc: string, @CurrentPrincipal() principal: Principal): Promise<EnterpriseView> {
    await this.access.assertEnterpriseVisible(principal, uscc);
    return EnterpriseView.of(await this.enterprises.get(uscc));
  }
}
