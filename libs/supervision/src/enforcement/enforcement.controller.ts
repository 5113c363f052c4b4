import { AccessScopeRepository, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { ApiErrors } from '@app/http';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MeasureView,
  RecommendationRequestDto,
  RecommendationView,
  RecordMeasureDto,
} from './enforcement.dto';
import { EnforcementService } from './enforcement.service';

@ApiTags('enforcement')
@Controller('enforcement')
export class EnforcementController {
  constructor(
    private readonly enforcement: EnforcementService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Post('recommendations')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'The recommended measure for a violation (首违不罚, soft measures in observation, or a penalty with its 过罚相当 reason), its reasons and the rule version',
  })
  @ApiOkResponse({ type: RecommendationView })
  @ApiErrors(400, 404)
  async recommend(
    @Body() body: RecommendationRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecommendationView> {
    await this.access.assertEnterpriseVisible(principal, body.uscc);
    return this.enforcement.recommend(body);
  }

  @Post('measures')
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Record the measure actually taken (it feeds the next recommendation)' })
  @ApiCreatedResponse({ type: MeasureView })
  @ApiErrors(400, 404)
  async record(
    @Body() body: RecordMeasureDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeasureView> {
    await this.access.assertEnterpriseVisible(principal, body.uscc);
    return this.enforcement.record(body, principal.subject);
  }
}
