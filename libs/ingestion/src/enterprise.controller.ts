import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { ApiErrors } from '@app/http';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnterpriseService } from './enterprise.service';
import { EnterpriseView } from './enterprise.view';

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterpriseController {
  constructor(
    private readonly enterprises: EnterpriseService,
    private readonly access: AccessScopeRepository,
  ) {}

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
