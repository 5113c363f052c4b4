import { PrivilegedRead } from '@app/audit';
import { assertCanReadEnterprise, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnterpriseService } from './enterprise.service';
import { EnterpriseView } from './enterprise.view';

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterpriseController {
  constructor(private readonly enterprises: EnterpriseService) {}

  @Get(':uscc')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @PrivilegedRead('enterprise')
  @ApiOperation({ summary: 'One enterprise (an enterprise token reads only its own)' })
  async get(@Param('uscc') uscc: string, @CurrentPrincipal() principal: Principal): Promise<EnterpriseView> {
    assertCanReadEnterprise(principal, uscc.trim().toUpperCase());
    return EnterpriseView.of(await this.enterprises.get(uscc));
  }
}
