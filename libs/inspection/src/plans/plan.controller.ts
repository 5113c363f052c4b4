import {
  AccessScopeRepository,
  assertCoversScope,
  CurrentPrincipal,
  Principal,
  Role,
  Roles,
} from '@app/auth';
import type { ExportedPlan } from '@app/domain';
import { ApiErrors, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreatePlanDto, PlanPreviewDto, PlanVerificationDto, PlanViewDto } from './plan.dto';
import { PlanPreview, PlanService, PlanView } from './plan.service';

const PlanId = () => new ParseIdPipe('inspection plan');

@ApiTags('inspection plans')
@Controller('inspection-plans')
export class PlanController {
  constructor(
    private readonly plans: PlanService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Post()
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      '双随机 plan over a scope inside your regions → the seeded, stratified draw, inspectors assigned, tasks written and queued',
  })
  @ApiCreatedResponse({ type: PlanViewDto })
  @ApiErrors(403, 409, 422)
  async create(
    @Body() body: CreatePlanDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanView> {
    assertCoversScope(p, body.scope?.regionPrefix);
    const plan = await this.plans.create(body, p.subject);
    void reply.status(201).header('location', `/api/v1/inspection-plans/${plan.id}`);
    return plan;
  }

  @Post('preview')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'The pool a plan of this body would draw from, per tier (eligible, ratio, to draw) with the exclusions by reason; nothing is drawn or stored',
  })
  @ApiOkResponse({ type: PlanPreviewDto })
  @ApiErrors(403, 422)
  preview(@Body() body: CreatePlanDto, @CurrentPrincipal() p: Principal): Promise<PlanPreview> {
    assertCoversScope(p, body.scope?.regionPrefix);
    return this.plans.preview(body);
  }

  @Get(':id')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'A plan: seed, pool digest, per tier pool/drawn/ratio, exclusions, assignment summary',
  })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiErrors(403, 404)
  async get(@Param('id', PlanId()) id: string, @CurrentPrincipal() p: Principal): Promise<PlanView> {
    const plan = await this.plans.get(id);
    this.access.assertScopeVisible(p, plan.scope.regionPrefix, 'inspection plan', id);
    return plan;
  }

  @Get(':id/export')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'The exported plan (tierwatch-plan/2) that anyone can check with `tierwatch plan verify` (docs/exported-plan.schema.json)',
  })
  @ApiOkResponse({ schema: { type: 'object', description: 'tierwatch-plan document' } })
  @ApiErrors(403, 404)
  async export(@Param('id', PlanId()) id: string, @CurrentPrincipal() p: Principal): Promise<ExportedPlan> {
    await this.get(id, p);
    return this.plans.export(id);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'Re-run the draw and the assignment and compare with the plan and its stored tasks',
  })
  @ApiOkResponse({ type: PlanVerificationDto })
  @ApiErrors(403, 404)
  async verify(
    @Param('id', PlanId()) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<{ ok: boolean; mismatches: { path: string; message: string }[] }> {
    await this.get(id, p);
    return this.plans.verify(id);
  }
}
