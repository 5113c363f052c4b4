import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors, BodyLimit } from '@app/http';
import { bodyStream, detectFormat, IngestResponse, parseInput, restrictionsOf } from '@app/ingestion';
import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { INVESTMENT_EVENT_ROW_SCHEMA, OWNERSHIP_LINK_ROW_SCHEMA } from '../events/capital-row-schemas';
import { InvestmentEventService } from '../events/investment-event.service';
import { OwnershipLinkService } from '../ownership/ownership-link.service';
import { CapitalIngestQueryDto } from './capital.dto';

const FORMATS = ['application/json', 'application/x-ndjson', 'text/csv'];

@ApiTags('capital')
@Controller()
export class CapitalIngestController {
  constructor(
    private readonly events: InvestmentEventService,
    private readonly links: OwnershipLinkService,
  ) {}

  @Post('investment-events')
  @HttpCode(200)
  @Roles(Role.Regulator, Role.Ingest)
  @BodyLimit('ingest')
  @ApiOperation({
    summary: 'Ingest investment events and judge each one red / yellow / green (资本红绿灯)',
    description:
      'JSON array, NDJSON or CSV with dotted columns (investorTurnover.china, platformMetrics.marketValue). Keyed by (source, sourceRecordId): a re-send changes nothing, a correction replaces the event and is judged again (its light never goes down). Rows, lights and warnings of one post commit together. At most 20 000 rows per request.',
  })
  @ApiConsumes(...FORMATS)
  @ApiBody({ schema: { type: 'array', items: INVESTMENT_EVENT_ROW_SCHEMA } })
  @ApiOkResponse({ type: IngestResponse })
  @ApiErrors(400, 403, 413, 415)
  investmentEvents(
    @Req() req: FastifyRequest,
    @Query() query: CapitalIngestQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResponse> {
    return this.events.ingest(rowsOf(req), {
      actor: principal.subject,
      atomic: query.atomic,
      ...restrictionsOf(principal),
    });
  }

  @Post('ownership-links')
  @HttpCode(200)
  @Roles(Role.Regulator, Role.Ingest)
  @BodyLimit('ingest')
  @ApiOperation({
    summary:
      'Ingest ownership links (parent holds stakePercent of child from `from` to `to`): the control graph groups are judged over',
    description: 'Same formats and rules as POST /investment-events.',
  })
  @ApiConsumes(...FORMATS)
  @ApiBody({ schema: { type: 'array', items: OWNERSHIP_LINK_ROW_SCHEMA } })
  @ApiOkResponse({ type: IngestResponse })
  @ApiErrors(400, 403, 413, 415)
  ownershipLinks(
    @Req() req: FastifyRequest,
    @Query() query: CapitalIngestQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResponse> {
    return this.links.ingest(rowsOf(req), {
      actor: principal.subject,
      atomic: query.atomic,
      ...restrictionsOf(principal),
    });
  }
}

function rowsOf(req: FastifyRequest) {
  const format = detectFormat(req.headers['content-type']);
  if (!format) {
    throw new DomainError(ErrorCode.ValidationFailed, 'unsupported content type', [
      { path: 'content-type', message: `must be one of ${FORMATS.join(', ')}` },
    ]);
  }
  return parseInput(format, bodyStream(format, req.body));
}
