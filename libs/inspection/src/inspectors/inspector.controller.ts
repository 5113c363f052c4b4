import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InspectorRow } from './inspector-row';
import { InspectorService, RosterResult } from './inspector.service';

@ApiTags('inspectors')
@Controller('inspectors')
export class InspectorController {
  constructor(private readonly inspectors: InspectorService) {}

  @Post()
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Add or update inspectors (JSON array; CSV through `tierwatch inspectors import`): all rows valid or nothing stored',
  })
  upsert(@Body() body: unknown, @CurrentPrincipal() p: Principal): Promise<RosterResult> {
    if (!Array.isArray(body)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'body must be a JSON array of inspectors', [
        { path: 'body', message: 'must be a JSON array' },
      ]);
    }
    return this.inspectors.upsert(body, p.subject);
  }

  @Get()
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'The roster (?region=&department=)' })
  list(@Query('region') region?: string, @Query('department') department?: string): Promise<InspectorRow[]> {
    return this.inspectors.list({ region, department });
  }
}
