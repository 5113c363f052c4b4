import { PrivilegedRead } from '@app/audit';
import { assertCanReadEnterprise, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RecomputeService, RecomputeView } from '../assess/recompute.service';
import { AssessmentQueryService } from './assessment-query.service';
import { AssessmentHistoryItem, AssessmentView, TierSummary } from './assessment.view';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@ApiTags('assessments')
@Controller()
export class AssessmentController {
  constructor(
    private readonly assessments: AssessmentQueryService,
    private readonly recomputes: RecomputeService,
  ) {}

  @Get('enterprises/:uscc/assessment')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @PrivilegedRead('assessment')
  @ApiOperation({ summary: 'The assessment in force (on asOf, or now), with its explanation' })
  @ApiQuery({ name: 'asOf', required: false, example: '2026-03-01' })
  inForce(
    @Param('uscc') uscc: string,
    @Query('asOf') asOf: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AssessmentView> {
    assertCanReadEnterprise(principal, uscc.trim().toUpperCase());
    if (asOf !== undefined && !DATE.test(asOf)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'asOf must be a date YYYY-MM-DD', [
        { path: 'asOf', message: `must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}` },
      ]);
    }
    return this.assessments.inForce(uscc, asOf);
  }

  @Get('enterprises/:uscc/assessments')
  @Roles(Role.Regulator, Role.RuleAuthor, Role.Enterprise)
  @PrivilegedRead('assessment-history')
  @ApiOperation({ summary: 'Every assessment of an enterprise, newest first, with tier changes' })
  history(
    @Param('uscc') uscc: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AssessmentHistoryItem[]> {
    assertCanReadEnterprise(principal, uscc.trim().toUpperCase());
    return this.assessments.history(uscc);
  }

  @Get('enterprises/:uscc/assessments/:id/recompute')
  @Roles(Role.Regulator, Role.RuleAuthor)
  @PrivilegedRead('explanation')
  @ApiOperation({
    summary:
      'Recompute a stored assessment with the rule version it names and the records known when it was made, and compare',
  })
  recompute(@Param('uscc') uscc: string, @Param('id') id: string): Promise<RecomputeView> {
    return this.recomputes.recompute(uscc, id);
  }

  @Get('tiers/summary')
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Enterprises per current tier (region prefix, industry prefix) and the movement since their previous assessment',
  })
  @ApiQuery({ name: 'region', required: false, example: '3301' })
  @ApiQuery({ name: 'industry', required: false, example: 'C14' })
  summary(@Query('region') region?: string, @Query('industry') industry?: string): Promise<TierSummary> {
    if (region !== undefined && !/^\d{1,6}$/.test(region)) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'region must be a prefix of a 6-digit division code',
        [{ path: 'region', message: 'must be 1-6 digits' }],
      );
    }
    if (industry !== undefined && !/^[A-T0-9]{1,5}$/.test(industry)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'industry must be a GB/T 4754 code prefix', [
        { path: 'industry', message: 'must be 1-5 characters A-T or digits' },
      ]);
    }
    return this.assessments.summary({ region, industry });
  }
}
