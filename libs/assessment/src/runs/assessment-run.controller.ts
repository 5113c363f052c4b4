import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AssessmentRunService } from './assessment-run.service';
import { AssessmentRunView } from './assessment-run.view';
import { parseRunScope } from './run-scope';

@ApiTags('assessment runs')
@Controller('assessment-runs')
export class AssessmentRunController {
  constructor(private readonly runs: AssessmentRunService) {}

  @Post()
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Start a re-tier run over a scope (all, region prefix, industry prefix or a list of codes) as of a date; the worker runs it in chunks',
  })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        scope: {
          type: 'object',
          example: { type: 'region', prefix: '3301' },
          description:
            '{type:"all"} | {type:"region",prefix:"3301"} | {type:"industry",prefix:"C14"} | {type:"uscc",usccs:[…]}',
        },
        asOf: {
          type: 'string',
          example: '2026-11-01',
          description: 'YYYY-MM-DD, default today (Asia/Shanghai)',
        },
      },
    },
  })
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssessmentRunView> {
    const input = (body ?? {}) as Record<string, unknown>;
    if (typeof input !== 'object' || Array.isArray(input)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'body must be a JSON object', [
        { path: 'body', message: 'must be an object with scope and asOf' },
      ]);
    }
    const extra = Object.keys(input).filter((k) => k !== 'scope' && k !== 'asOf');
    const scope = parseRunScope(input.scope);
    const problems = [
      ...extra.map((k) => ({ path: k, message: 'is not a field of an assessment run (scope, asOf)' })),
      ...(scope.ok ? [] : scope.problems),
      ...(input.asOf !== undefined && typeof input.asOf !== 'string'
        ? [{ path: 'asOf', message: 'must be a date YYYY-MM-DD' }]
        : []),
    ];
    if (!scope.ok || problems.length > 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'invalid assessment run', problems);
    }
    const run = await this.runs.create({
      scope: scope.scope,
      asOf: input.asOf as string | undefined,
      trigger: 'manual',
      requestedBy: principal.subject,
    });
    void reply.status(202).header('location', `/api/v1/assessment-runs/${run.id}`);
    return run;
  }

  @Get()
  @Roles(Role.Regulator, Role.RuleAuthor)
  @ApiOperation({ summary: 'Recent re-tier runs, newest first, with their progress' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  list(@Query('limit') limit?: string): Promise<AssessmentRunView[]> {
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) {
      throw new DomainError(ErrorCode.ValidationFailed, 'limit must be 1-500', [
        { path: 'limit', message: 'must be a whole number from 1 to 500' },
      ]);
    }
    return this.runs.list(n);
  }

  @Get(':id')
  @Roles(Role.Regulator, Role.RuleAuthor)
  @ApiOperation({ summary: 'A run: status, done/total, rate, ETA, tiers and tier changes so far' })
  get(@Param('id') id: string): Promise<AssessmentRunView> {
    return this.runs.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'Cancel a run: chunks not yet assessed are skipped; the run ends cancelled' })
  cancel(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AssessmentRunView> {
    return this.runs.cancel(id, principal.subject);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Re-run only the failed chunks of a run that ended completed_with_failures; 409 while it runs or when no chunk failed',
  })
  retry(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AssessmentRunView> {
    return this.runs.retry(id, principal.subject);
  }
}
