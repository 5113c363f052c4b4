import { assertCanReadEnterprise, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, ParseBoolPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EnterpriseInput } from './enterprise.input';
import { EnterpriseService } from './enterprise.service';
import { EnterpriseView } from './enterprise.view';
import { IngestResult } from './ingest-result';

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterpriseController {
  constructor(private readonly enterprises: EnterpriseService) {}

  @Post()
  @HttpCode(200)
  @Roles(Role.Regulator, Role.Ingest)
  @ApiOperation({
    summary: 'Register or update enterprises (JSON array); bad rows are reported, good rows stored',
  })
  @ApiBody({ type: [EnterpriseInput] })
  @ApiQuery({ name: 'atomic', required: false, description: 'store all rows or none' })
  ingest(
    @Body() body: unknown,
    @Query('atomic', new ParseBoolPipe({ optional: true })) atomic: boolean | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResult> {
    if (!Array.isArray(body)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'body must be a JSON array of enterprises', [
        { path: 'body', message: 'must be a JSON array' },
      ]);
    }
    return this.enterprises.ingest(body, principal.subject, { atomic });
  }

  @Get(':uscc')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @ApiOperation({ summary: 'One enterprise (an enterprise token reads only its own)' })
  async get(@Param('uscc') uscc: string, @CurrentPrincipal() principal: Principal): Promise<EnterpriseView> {
    assertCanReadEnterprise(principal, uscc.trim().toUpperCase());
    return EnterpriseView.of(await this.enterprises.get(uscc));
  }
}
