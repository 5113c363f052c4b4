import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto, ParseIdPipe } from '@app/http';
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyViewDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeyService, ApiKeyView } from './api-key.service';

@ApiTags('api keys')
@Controller('api-keys')
export class ApiKeyController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Create an ingest client key for some record sources; the key is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrors(403)
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() p: Principal): Promise<CreatedApiKeyDto> {
    return this.keys.create(body, p.subject);
  }

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Every key, newest first (never the key itself)' })
  @ApiPageResponse(ApiKeyViewDto)
  @ApiErrors(403)
  async list(@Query() query: PageQueryDto): Promise<Page<ApiKeyView>> {
    return page(query, await this.keys.list(query));
  }

  @Get(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'One key' })
  @ApiOkResponse({ type: ApiKeyViewDto })
  @ApiErrors(403, 404)
  get(@Param('id', new ParseIdPipe('API key')) id: string): Promise<ApiKeyView> {
    return this.keys.get(id);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Revoke a key at once (kept, marked revoked; revoking twice changes nothing)' })
  @ApiOkResponse({ type: ApiKeyViewDto })
  @ApiErrors(403, 404)
  revoke(
    @Param('id', new ParseIdPipe('API key')) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<ApiKeyView> {
    return this.keys.revoke(id, p.subject);
  }
}
