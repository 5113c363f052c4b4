import { parseRunScope } from '@app/assessment';
import { AccessScopeRepository, CurrentPrincipal, Principal, regionScope, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page, ParseIdPipe } from '@app/http';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BacktestService, BacktestView } from '../backtest/backtest.service';
import {
  BacktestQueryDto,
  BacktestViewDto,
  CreateSimulationDto,
  SimulationChangeDto,
  SimulationChangesQueryDto,
  SimulationViewDto,
} from './simulation.dto';
import { SimulationChange, SimulationService } from './simulation.service';
import { SimulationView } from './simulation.view';

const SimulationId = () => new ParseIdPipe('simulation');

@ApiTags('simulations')
@Controller()
export class SimulationController {
  constructor(
    private readonly simulations: SimulationService,
    private readonly backtests: BacktestService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Post('rule-sets/:kind/versions/:version/simulations')
  @Roles(Role.RuleAuthor, Role.RuleApprover)
  @ApiOperation({
    summary:
      'Simulate a version (a draft, or any stored one) against the version in force on the stored population, or a deterministic sample of it; writes no assessment',
  })
  @ApiAcceptedResponse({
    type: SimulationViewDto,
    description: 'the simulation, queued; its location in the header',
  })
  @ApiErrors(403, 404)
  async create(
    @Param('kind') kind: string,
    @Param('version') version: string,
    @Body() body: CreateSimulationDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SimulationView> {
    const scope = parseRunScope(body.scope);
    if (!scope.ok)
      throw new DomainError(ErrorCode.ValidationFailed, 'invalid simulation scope', scope.problems);
    await this.access.assertScopeCovered(p, scope.scope);
    const simulation = await this.simulations.create({
      kind,
      version,
      scope: scope.scope,
      sample: body.sample,
      requestedBy: p.subject,
    });
    void reply.status(202).header('location', `/api/v1/simulations/${simulation.id}`);
    return simulation;
  }

  @Get('simulations/:id')
  @Roles(Role.RuleAuthor, Role.RuleApprover, Role.Regulator)
  @ApiOperation({
    summary:
      'A simulation: progress (processed/total, ETA), then the migration matrix, rule hits and mean points, workload change and the backtest of the simulated version',
  })
  @ApiOkResponse({ type: SimulationViewDto })
  @ApiErrors(404)
  async get(
    @Param('id', SimulationId()) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<SimulationView> {
    return this.visible(p, await this.simulations.get(id));
  }

  @Get('simulations/:id/changes')
  @Roles(Role.RuleAuthor, Role.RuleApprover, Role.Regulator)
  @ApiOperation({
    summary:
      'The enterprises whose tier the simulated version changes (?from=B&to=C for one move), with both explanations',
  })
  @ApiPageResponse(SimulationChangeDto)
  @ApiErrors(404)
  async changes(
    @Param('id', SimulationId()) id: string,
    @Query() q: SimulationChangesQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<SimulationChange>> {
    await this.visible(p, await this.simulations.get(id));
    return page(q, await this.simulations.changes(id, q));
  }

  @Get('rule-sets/tiering/versions/:version/backtest')
  @Roles(Role.RuleAuthor, Role.RuleApprover, Role.Regulator)
  @ApiOperation({
    summary:
      'Replay a tiering version on the completed inspections (facts as of each inspection date): per tier inspections, issues found and detection rate, beside the version in force then',
  })
  @ApiOkResponse({ type: BacktestViewDto })
  @ApiErrors(404)
  async backtest(
    @Param('version') version: string,
    @Query() q: BacktestQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<BacktestView> {
    return this.backtests.backtest(version, { from: q.from, to: q.to, regions: regionScope(p) });
  }

  /**
   * A simulation is visible within the regions its scope lies in (a list of codes: when every code
   * is); a national or industry simulation to national readers only. Otherwise 404, as for runs.
   */
  private async visible(p: Principal, s: SimulationView): Promise<SimulationView> {
    if (s.scope.type === 'uscc') {
      if ((await this.access.enterprisesOutside(p, s.scope.usccs)).length > 0) {
        throw new DomainError(ErrorCode.NotFound, `no simulation ${s.id}`);
      }
      return s;
    }
    this.access.assertScopeVisible(
      p,
      s.scope.type === 'region' ? s.scope.prefix : undefined,
      'simulation',
      s.id,
    );
    return s;
  }
}
