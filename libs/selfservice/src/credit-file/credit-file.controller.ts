import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors } from '@app/http';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreditFileService } from './credit-file.service';
import { CreditFileView } from './credit-file.view';

@ApiTags('self-service')
@Controller()
export class CreditFileController {
  constructor(
    private readonly files: CreditFileService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get('enterprises/:uscc/credit-file')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('credit-file')
  @ApiOperation({
    summary:
      '信用档案: every record, list entry, repair, assessment and inspection of one enterprise (a regulator within its regions; an enterprise only its own)',
  })
  @ApiOkResponse({ type: CreditFileView })
  @ApiErrors(403, 404)
  async file(@Param('uscc') uscc: string, @CurrentPrincipal() p: Principal): Promise<CreditFileView> {
    await this.access.assertEnterpriseVisible(p, uscc);
    return this.files.file(uscc.trim().toUpperCase());
  }

  @Get('me/credit-file')
  @Roles(Role.Enterprise)
  @ApiOperation({ summary: 'Your credit file (信用档案), as JSON' })
  @ApiOkResponse({ type: CreditFileView })
  @ApiErrors(403, 404)
  mine(@CurrentPrincipal() p: Principal): Promise<CreditFileView> {
    if (!p.uscc)
      throw new DomainError(
        ErrorCode.Forbidden,
        'only an enterprise token (with its uscc) has a credit file',
      );
    return this.files.file(p.uscc);
  }
}
