import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import type { ExportedPlan } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PlanService, PlanView } from './plan.service';

@ApiTags('inspection plans')
@Controller('inspection-plans')
export class PlanController {
  constructor(private readonly plans: PlanService) {}

  @Post()
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      '双随机 plan: { name, window {start,end}, scope {regionPrefix, industries, tiers, tag}, items [{name, type key|general, department, qualification}], draw directed|undirected, ratioOverrides {tier: ratio}, seed?, inspectorsPerTask? } → the seeded, stratified draw, inspectors assigned, tasks written and queued',
  })
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanView> {
    const plan = await this.plans.create(body, p.subject);
    void reply.status(201).header('location', `/api/v1/inspection-plans/${plan.id}`);
    return plan;
  }

  @Get(':id')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'A plan: seed, pool digest, per tier pool/drawn/ratio, exclusions, assignment summary',
  })
  get(@Param('id') id: string): Promise<PlanView> {
    return this.plans.get(id);
  }

  @Get(':id/export')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'The exported plan (tierwatch-plan/1) that anyone can check with `tierwatch plan verify`',
  })
  export(@Param('id') id: string): Promise<ExportedPlan> {
    return this.plans.export(id);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary: 'Re-run the draw and the assignment and compare with the plan and its stored tasks',
  })
  verify(@Param('id') id: string): Promise<{ ok: boolean; mismatches: { path: string; message: string }[] }> {
    return this.plans.verify(id);
  }
}
