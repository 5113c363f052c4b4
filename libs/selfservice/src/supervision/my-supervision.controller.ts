import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { EnterpriseLightsService, EnterpriseLightView } from '@app/capital';
import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto } from '@app/http';
import { daysRemaining, ObservationQueryService, SandboxService } from '@app/supervision';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MyObservationView, MySandboxEnrolmentView } from './my-supervision.view';

function ownUscc(p: Principal): string {
  if (!p.uscc)
    throw new DomainError(ErrorCode.Forbidden, 'only an enterprise token (with its uscc) has this');
  return p.uscc;
}

/**
 * The enterprise's own supervision status: observation periods and sandbox enrolments
 * (`/me/observation`) and investment lights (`/me/lights`). Only the caller's own uscc is ever read.
 */
@ApiTags('self-service')
@Controller('me')
export class MySupervisionController {
  constructor(
    private readonly periods: ObservationQueryService,
    private readonly sandbox: SandboxService,
    private readonly lights: EnterpriseLightsService,
  ) {}

  @Get('observation')
  @Roles(Role.Enterprise)
  @ApiOperation({
    summary:
      'Your observation period active today (days remaining) and every earlier one, and your sandbox enrolments',
  })
  @ApiOkResponse({ type: MyObservationView })
  @ApiErrors(403, 404)
  async observation(@CurrentPrincipal() p: Principal): Promise<MyObservationView> {
    const uscc = ownUscc(p);
    const today = shanghaiDateOf(new Date());
    const periods = await this.periods.ofEnterprise(uscc, today);
    const history: MySandboxEnrolmentView[] = (await this.sandbox.ofEnterprise(uscc, today)).map((e) => ({
      id: e.id,
      status: e.status,
      scope: e.scope,
      licenceRef: e.licenceRef,
      start: e.start,
      end: e.end,
      daysRemaining: e.status === 'active' ? daysRemaining(today, e.end) : null,
      conditions: e.conditions,
      exitedOn: e.exitedOn,
      exitSource: e.exitSource,
      exitReason: e.exitReason,
    }));
    const current =
      history.find((e) => e.status === 'active') ?? history.find((e) => e.status === 'scheduled') ?? null;
    return { ...periods, sandbox: { current, history } };
  }

  @Get('lights')
  @Roles(Role.Enterprise)
  @ApiOperation({
    summary:
      'Your investment events with their lights (资本红绿灯), latest first, and the light you show now',
  })
  @ApiPageResponse(EnterpriseLightView)
  @ApiErrors(400, 403)
  async investmentLights(
    @Query() query: PageQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<EnterpriseLightView> & { current: string }> {
    const result = await this.lights.list(ownUscc(p).trim().toUpperCase(), query.limit, query.offset);
    return { ...page(query, result), current: result.current };
  }
}
