import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, narrowRegions, Principal, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, ParseIdPipe } from '@app/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecomputeService, RecomputeView } from '../assess/recompute.service';
import {
  HistoryQueryDto,
  InForceQueryDto,
  RecomputeViewDto,
  TierSummaryQueryDto,
} from './assessment-query.dto';
import { AssessmentExplanationService } from './assessment-explanation.service';
import { AssessmentQueryService } from './assessment-query.service';
import { AssessmentHistoryItem, AssessmentView, TierSummary } from './assessment.view';

@ApiTags('assessments')
@Controller()
export class AssessmentController {
  constructor(
    private readonly assessments: AssessmentQueryService,
    private readonly explanations: AssessmentExplanationService,
    private readonly recomputes: RecomputeService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get('enterprises/:uscc/assessment')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @PrivilegedRead('assessment')
  @ApiOperation({
    summary:
      'The assessment in force (on asOf, or now), with its explanation; explain=full adds why the other rules did not fire and the distance to each tier',
  })
  @ApiOkResponse({ type: AssessmentView })
  @ApiErrors(400, 403, 404)
  async inForce(
    @Param('uscc') uscc: string,
    @Query() query: InForceQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AssessmentView> {
    await this.access.assertEnterpriseVisible(principal, uscc);
    const view = await this.assessments.inForce(uscc, query.asOf);
    return query.explain === 'full' ? this.explanations.withWhyNot(view) : view;
  }

  @Get('enterprises/:uscc/assessments')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @PrivilegedRead('assessment-history')
  @ApiOperation({ summary: 'Every assessment of an enterprise, newest first, with tier changes' })
  @ApiPageResponse(AssessmentHistoryItem)
  @ApiErrors(403, 404)
  async history(
    @Param('uscc') uscc: string,
    @Query() query: HistoryQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<AssessmentHistoryItem>> {
    await this.access.assertEnterpriseVisible(principal, uscc);
    return page(query, await this.assessments.history(uscc, query));
  }

  @Get('enterprises/:uscc/assessments/:id/recompute')
  @Roles(Role.Regulator, Role.RuleAuthor)
  @PrivilegedRead('explanation')
  @ApiOperation({
    summary:
      'Recompute a stored assessment with the rule version it names and the records known when it was made, and compare',
  })
  @ApiOkResponse({ type: RecomputeViewDto })
  @ApiErrors(403, 404)
  async recompute(
    @Param('uscc') uscc: string,
    @Param('id', new ParseIdPipe('assessment')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecomputeView> {
    await this.access.assertEnterpriseVisible(principal, uscc);
    return this.recomputes.recompute(uscc, id);
  }

  @Get('tiers/summary')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Enterprises per current tier (within your regions, or the region prefix asked, and an industry prefix) and the movement since their previous assessment',
  })
  @ApiOkResponse({ type: TierSummary })
  @ApiErrors(403)
  summary(
    @Query() query: TierSummaryQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TierSummary> {
    return this.assessments.summary({
      regions: narrowRegions(principal, query.region),
      industry: query.industry,
      groupBy: query.groupBy,
    });
  }
}
