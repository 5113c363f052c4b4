import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors } from '@app/http';
import { Controller, Get, Headers, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { languageOf } from '../plain-language';
import { TierOutlookService } from './tier-outlook.service';
import { TierOutlookView } from './tier.view';

@ApiTags('self-service')
@Controller()
export class TierController {
  constructor(
    private readonly outlooks: TierOutlookService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get('me/tier')
  @Roles(Role.Enterprise)
  @ApiOperation({
    summary:
      'Your tier in plain language (Chinese, or English with Accept-Language: en), the records behind each reason, what can change it, and the forecast if nothing new happens',
  })
  @ApiOkResponse({ type: TierOutlookView })
  @ApiErrors(403, 404)
  mine(
    @CurrentPrincipal() p: Principal,
    @Headers('accept-language') language?: string,
  ): Promise<TierOutlookView> {
    if (!p.uscc)
      throw new DomainError(ErrorCode.Forbidden, 'only an enterprise token (with its uscc) has a tier');
    return this.outlooks.outlook(p.uscc, languageOf(language), 'enterprise');
  }

  @Get('enterprises/:uscc/tier-outlook')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('tier-outlook')
  @ApiOperation({
    summary:
      'The enterprise’s self-service view as a regulator reads it (weights shown; an enterprise only its own, as /me/tier): reasons, what can change the tier, and the same forecast',
  })
  @ApiOkResponse({ type: TierOutlookView })
  @ApiErrors(403, 404)
  async outlook(
    @Param('uscc') uscc: string,
    @CurrentPrincipal() p: Principal,
    @Headers('accept-language') language?: string,
  ): Promise<TierOutlookView> {
    await this.access.assertEnterpriseVisible(p, uscc);
    const audience = p.roles.includes(Role.Enterprise) ? 'enterprise' : 'regulator';
    return this.outlooks.outlook(uscc.trim().toUpperCase(), languageOf(language), audience);
  }
}
