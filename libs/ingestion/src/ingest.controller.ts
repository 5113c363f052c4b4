import { CurrentPrincipal, Principal, regionScope, Role, Roles } from '@app/auth';
import { AppConfig } from '@app/config';
import { CREDIT_RECORD_TYPES, DomainError, ErrorCode, RISK_RECORD_TYPES } from '@app/domain';
import {
  ApiErrors,
  ApiPageResponse,
  BodyLimit,
  Page,
  page,
  PageQueryDto,
  ParseIdPipe,
  ToBoolean,
} from '@app/http';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ImportService } from './imports/import.service';
import { ImportView } from './imports/import.view';
import { InputFormat } from './input/parse-input';
import { parseInput } from './input/parse-input';
import { IngestResponse } from './ingest.response';
import { IngestService, IngestTarget } from './ingest.service';
import { detectFormat } from './parsing/detect-format';
import { creditRecordSchema, ENTERPRISE_ROW_SCHEMA, riskRecordSchema } from './rows/row-schemas';

const FORMATS = ['application/json', 'application/x-ndjson', 'text/csv'];

/**
 * The record row schemas the validator compiles, as OpenAPI 3.0 shows them (it has no `const`:
 * a one-value enum instead).
 */
const RECORD_ROW_SCHEMAS = JSON.parse(
  JSON.stringify(
    [...CREDIT_RECORD_TYPES.map(creditRecordSchema), ...RISK_RECORD_TYPES.map(riskRecordSchema)],
    (_key, value: unknown) =>
      typeof value === 'object' && value !== null && 'const' in value
        ? { type: 'string', enum: [value.const] }
        : value,
  ),
) as Record<string, unknown>[];

export class IngestQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'store all rows or none' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  atomic: boolean = false;
}

export class ImportRejectDto {
  @ApiProperty({ description: 'the 1-based row number' }) row!: number;
  @ApiProperty({ example: 'uscc' }) path!: string;
  @ApiProperty() message!: string;
}

@ApiTags('ingestion')
@Controller()
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly imports: ImportService,
    private readonly config: AppConfig,
  ) {}

  @Post('enterprises')
  @Roles(Role.Regulator, Role.Ingest)
  @BodyLimit('ingest')
  @ApiOperation({
    summary: 'Register or update enterprises (a regional regulator: of its regions only)',
    description:
      'JSON array, NDJSON or CSV (header row). Small bodies are processed in the request (200); larger ones become an import job (202, GET /imports/:id). A source-restricted API key may not post enterprises (403).',
  })
  @ApiConsumes(...FORMATS)
  @ApiBody({ schema: { type: 'array', items: ENTERPRISE_ROW_SCHEMA } })
  @ApiOkResponse({ type: IngestResponse })
  @ApiAcceptedResponse({ type: ImportView })
  @ApiErrors(403, 413, 415)
  enterprises(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: IngestQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResponse | ImportView> {
    return this.handle('enterprises', req, reply, query.atomic, principal);
  }

  @Post('records')
  @Roles(Role.Regulator, Role.Ingest)
  @BodyLimit('ingest')
  @ApiOperation({
    summary: 'Ingest credit and risk records (the type decides which)',
    description:
      'Keyed by (source, sourceRecordId): a re-send changes nothing, a corrected version replaces the old one (audited). JSON array, NDJSON or CSV with dotted payload columns (payload.amount). An API key writes only its own sources, a regional regulator only for enterprises of its regions (403 naming the row, nothing stored).',
  })
  @ApiConsumes(...FORMATS)
  @ApiBody({
    schema: {
      type: 'array',
      items: {
        description: 'a credit or risk record (docs/ingestion.md); `type` picks its schema',
        oneOf: RECORD_ROW_SCHEMAS,
      },
    },
  })
  @ApiOkResponse({ type: IngestResponse })
  @ApiAcceptedResponse({ type: ImportView })
  @ApiErrors(403, 413, 415)
  records(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: IngestQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResponse | ImportView> {
    return this.handle('records', req, reply, query.atomic, principal);
  }

  @Get('imports/:id')
  @Roles(Role.Regulator, Role.Ingest)
  @ApiOperation({
    summary: 'Status, counts and progress of an import job (yours; all for a national regulator)',
  })
  @ApiOkResponse({ type: ImportView })
  @ApiErrors(404)
  importStatus(
    @Param('id', new ParseIdPipe('import')) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<ImportView> {
    return this.imports.get(id, viewerOf(p));
  }

  @Get('imports/:id/rejects')
  @Roles(Role.Regulator, Role.Ingest)
  @ApiOperation({ summary: 'Rejected rows of an import, in row order' })
  @ApiPageResponse(ImportRejectDto)
  @ApiErrors(404)
  async importRejects(
    @Param('id', new ParseIdPipe('import')) id: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<{ row: number; path: string; message: string }>> {
    return page(query, await this.imports.rejects(id, query, viewerOf(p)));
  }

  private async handle(
    target: IngestTarget,
    req: FastifyRequest,
    reply: FastifyReply,
    atomic: boolean,
    principal: Principal,
  ): Promise<IngestResponse | ImportView> {
    const format: InputFormat | undefined = detectFormat(req.headers['content-type']);
    if (!format) {
      throw new DomainError(ErrorCode.ValidationFailed, 'unsupported content type', [
        { path: 'content-type', message: `must be one of ${FORMATS.join(', ')}` },
      ]);
    }
    const length = Number(req.headers['content-length'] ?? NaN);
    const inline = Number.isFinite(length) && length <= this.config.ingestInlineMaxBytes;
    const body = bodyStream(format, req.body);
    if (!inline) {
      const view = await this.imports.receive(target, format, body, {
        actor: principal.subject,
        atomic,
        ...restrictionsOf(principal),
      });
      void reply.status(202).header('location', `/api/v1/imports/${view.id}`);
      return view;
    }
    const summary = await this.ingest.ingest(target, parseInput(format, body), {
      actor: principal.subject,
      atomic,
      ...restrictionsOf(principal),
      batchSize: this.config.ingestBatchSize,
      dedupeWholeInput: true,
      keepProblems: 10_000,
    });
    void reply.status(200);
    return IngestResponse.of(summary);
  }
}

/** What a caller may write: an API key its sources, a regional regulator its regions. */
export function restrictionsOf(p: Principal): { allowedSources?: string[]; allowedRegions?: string[] } {
  const regions = regionScope(p);
  return {
    ...(p.sources ? { allowedSources: p.sources } : {}),
    ...(regions ? { allowedRegions: regions } : {}),
  };
}

/** Who may see an import: a national regulator or admin every one, anyone else the ones it posted. */
function viewerOf(p: Principal): { subject: string; all: boolean } {
  const national =
    regionScope(p) === null && (p.roles.includes(Role.Admin) || p.roles.includes(Role.Regulator));
  return { subject: p.subject, all: national };
}

/** JSON bodies arrive parsed (Fastify); NDJSON and CSV arrive as the raw request stream. */
export function bodyStream(format: InputFormat, body: unknown): AsyncIterable<Buffer | string> {
  if (format === 'json') {
    if (!Array.isArray(body)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'body must be a JSON array', [
        { path: 'body', message: 'must be a JSON array' },
      ]);
    }
    return Readable.from([JSON.stringify(body)]);
  }
  return body as Readable;
}
