import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { AppConfig } from '@app/config';
import { DomainError, ErrorCode } from '@app/domain';
import {
  Controller,
  DefaultValuePipe,
  Get,
  Param,
  ParseBoolPipe,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ImportService } from './imports/import.service';
import { ImportView } from './imports/import.view';
import { InputFormat } from './input/parse-input';
import { parseInput } from './input/parse-input';
import { IngestResponse } from './ingest.response';
import { IngestService, IngestTarget } from './ingest.service';
import { detectFormat } from './parsing/detect-format';
import { ENTERPRISE_ROW_SCHEMA } from './rows/row-schemas';

const FORMATS = ['application/json', 'application/x-ndjson', 'text/csv'];

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
  @ApiOperation({
    summary: 'Register or update enterprises',
    description:
      'JSON array, NDJSON or CSV (header row). Small bodies are processed in the request (200); larger ones become an import job (202, GET /imports/:id).',
  })
  @ApiConsumes(...FORMATS)
  @ApiBody({ schema: { type: 'array', items: ENTERPRISE_ROW_SCHEMA } })
  @ApiQuery({ name: 'atomic', required: false, description: 'store all rows or none' })
  @ApiResponse({ status: 200, type: IngestResponse })
  @ApiResponse({ status: 202, type: ImportView })
  enterprises(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('atomic', new DefaultValuePipe(false), ParseBoolPipe) atomic: boolean,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResponse | ImportView> {
    return this.handle('enterprises', req, reply, atomic, principal);
  }

  @Post('records')
  @Roles(Role.Regulator, Role.Ingest)
  @ApiOperation({
    summary: 'Ingest credit and risk records (the type decides which)',
    description:
      'Keyed by (source, sourceRecordId): a re-send changes nothing, a corrected version replaces the old one (audited). JSON array, NDJSON or CSV with dotted payload columns (payload.amount).',
  })
  @ApiConsumes(...FORMATS)
  @ApiQuery({ name: 'atomic', required: false, description: 'store all rows or none' })
  @ApiResponse({ status: 200, type: IngestResponse })
  @ApiResponse({ status: 202, type: ImportView })
  records(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('atomic', new DefaultValuePipe(false), ParseBoolPipe) atomic: boolean,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResponse | ImportView> {
    return this.handle('records', req, reply, atomic, principal);
  }

  @Get('imports/:id')
  @Roles(Role.Regulator, Role.Ingest)
  @ApiOperation({ summary: 'Status, counts and progress of an import job' })
  importStatus(@Param('id', ParseUUIDPipe) id: string): Promise<ImportView> {
    return this.imports.get(id);
  }

  @Get('imports/:id/rejects')
  @Roles(Role.Regulator, Role.Ingest)
  @ApiOperation({ summary: 'Rejected rows of an import, in row order' })
  importRejects(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
    @Query('limit', new DefaultValuePipe(1000), ParseIntPipe) limit: number,
  ) {
    return this.imports.rejects(id, Math.max(0, offset), Math.min(Math.max(1, limit), 10_000));
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
      const view = await this.imports.receive(target, format, body, { actor: principal.subject, atomic });
      void reply.status(202).header('location', `/api/v1/imports/${view.id}`);
      return view;
    }
    const summary = await this.ingest.ingest(target, parseInput(format, body), {
      actor: principal.subject,
      atomic,
      batchSize: this.config.ingestBatchSize,
      dedupeWholeInput: true,
      keepProblems: 10_000,
    });
    void reply.status(200);
    return IngestResponse.of(summary);
  }
}

/** JSON bodies arrive parsed (Fastify); NDJSON and CSV arrive as the raw request stream. */
function bodyStream(format: InputFormat, body: unknown): AsyncIterable<Buffer | string> {
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
