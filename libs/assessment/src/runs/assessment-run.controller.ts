import { AccessScopeRepository, CurrentPrincipal, Principal, regionScope, Role, Roles } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssessmentRunViewDto, CreateRunDto } from './assessment-run.dto';
import type { FastifyReply } from 'fastify';
import { AssessmentRunService } from './assessment-run.service';
import { AssessmentRunView } from './assessment-run.view';
import { runScopeOf } from './run-scope';

const RunId = () => new ParseIdPipe('assessment run');

@ApiTags('assessment runs')
@Controller('assessment-runs')
export class AssessmentRunController {
  constructor(
    private readonly runs: AssessmentRunService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Post()
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Start a re-tier run over a scope (all, region prefix, industry prefix or a list of codes) as of a date; the worker runs it in chunks',
  })
  @ApiAcceptedResponse({ type: AssessmentRunViewDto })
  @ApiErrors(403, 422)
  async create(
    @Body() body: CreateRunDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssessmentRunView> {
    const scope = runScopeOf(body.scope);
    await this.access.assertScopeCovered(principal, scope);
    const run = await this.runs.create({
      scope,
      asOf: body.asOf,
      trigger: 'manual',
      requestedBy: principal.subject,
    });
    void reply.status(202).header('location', `/api/v1/assessment-runs/${run.id}`);
    return run;
  }

  @Get()
  @Roles(Role.Regulator, Role.RuleAuthor)
  @ApiOperation({ summary: 'Recent re-tier runs (within your regions, or asked by you), newest first' })
  @ApiPageResponse(AssessmentRunViewDto)
  @ApiErrors()
  async list(@Query() q: PageQueryDto, @CurrentPrincipal() p: Principal): Promise<Page<AssessmentRunView>> {
    return page(
      q,
      await this.runs.list({
        limit: q.limit,
        offset: q.offset,
        regions: regionScope(p),
        requestedBy: p.subject,
      }),
    );
  }

  @Get(':id')
  @Roles(Role.Regulator, Role.RuleAuthor)
  @ApiOperation({
    summary: 'A run: status, done/total, rate, ETA, stalled, failed chunks, tiers and tier changes',
  })
  @ApiOkResponse({ type: AssessmentRunViewDto })
  @ApiErrors(404)
  async get(@Param('id', RunId()) id: string, @CurrentPrincipal() p: Principal): Promise<AssessmentRunView> {
    return this.visible(p, await this.runs.get(id));
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Cancel a run: chunks not yet assessed are skipped; the run ends cancelled' })
  @ApiAcceptedResponse({ type: AssessmentRunViewDto })
  @ApiErrors(404, 409)
  async cancel(
    @Param('id', RunId()) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<AssessmentRunView> {
    this.visible(p, await this.runs.get(id));
    return this.runs.cancel(id, p.subject);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Re-run only the failed chunks of a run that ended completed_with_failures; 409 while it runs or when no chunk failed',
  })
  @ApiAcceptedResponse({ type: AssessmentRunViewDto })
  @ApiErrors(404, 409)
  async retry(
    @Param('id', RunId()) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<AssessmentRunView> {
    this.visible(p, await this.runs.get(id));
    return this.runs.retry(id, p.subject);
  }

  /**
   * A run is visible within the regions its scope lies in. A run over a list of codes (checked to
   * lie inside its requester's regions when it was asked for) is also visible to its requester.
   */
  private visible(p: Principal, run: AssessmentRunView): AssessmentRunView {
    if (run.scope.type === 'uscc' && run.requestedBy === p.subject) return run;
    const prefix = run.scope.type === 'region' ? run.scope.prefix : undefined;
    this.access.assertScopeVisible(p, prefix, 'assessment run', run.id);
    return run;
  }
}
