import { Public } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

export interface PublicResult {
  taskId: string;
  uscc: string;
  enterpriseName: string;
  kind: 'random' | 'triggered';
  items: unknown;
  outcome: string;
  findings: string[];
  followUp: string | null;
  inspectedOn: string;
  publishedAt: string;
  correctedAt: string | null;
}

/**
 * 一公开: published, not withdrawn results, newest first. No tier and no inspector appears here
 * (tiers are for supervision only, DOMAIN.md §1).
 */
@ApiTags('public')
@Controller('public/inspection-results')
export class PublicResultsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published inspection results (一公开), newest first; ?region=&uscc=&limit=&offset=',
  })
  async list(
    @Query('region') region?: string,
    @Query('uscc') uscc?: string,
    @Query('limit') limit = '50',
    @Query('offset') offset = '0',
  ): Promise<{ total: number; items: PublicResult[] }> {
    const n = Number(limit);
    const o = Number(offset);
    const problems = [];
    if (!Number.isInteger(n) || n < 1 || n > 500) problems.push({ path: 'limit', message: 'must be 1-500' });
    if (!Number.isInteger(o) || o < 0)
      problems.push({ path: 'offset', message: 'must be a whole number from 0' });
    if (region !== undefined && !/^\d{1,6}$/.test(region))
      problems.push({ path: 'region', message: 'must be 1-6 digits' });
    if (uscc !== undefined && !/^[0-9A-Z]{18}$/.test(uscc))
      problems.push({ path: 'uscc', message: 'must be 18 characters' });
    if (problems.length) throw new DomainError(ErrorCode.ValidationFailed, 'invalid query', problems);
    const where = `t.status = 'published' AND t.withdrawn_at IS NULL
        AND ($1::text IS NULL OR substr(t.uscc, 3, 6) LIKE $1 || '%') AND ($2::text IS NULL OR t.uscc = $2::bpchar)`;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM inspection_tasks t WHERE ${where}`,
      [region ?? null, uscc ?? null],
    );
    const rows: {
      id: string;
      uscc: string;
      name: string;
      kind: 'random' | 'triggered';
      items: unknown;
      result: { outcome: string; findings: string[]; followUp: string | null };
      inspected_on: string;
      published_at: Date;
      corrected_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT t.id, t.uscc, e.name, t.kind, t.items, t.result,
              to_char(t.result_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS inspected_on, t.published_at, t.corrected_at
         FROM inspection_tasks t JOIN enterprises e ON e.uscc = t.uscc
        WHERE ${where} ORDER BY t.published_at DESC, t.id LIMIT ${n} OFFSET ${o}`,
      [region ?? null, uscc ?? null],
    );
    return {
      total,
      items: rows.map((r) => ({
        taskId: r.id,
        uscc: r.uscc.trim(),
        enterpriseName: r.name,
        kind: r.kind,
        items: r.items,
        outcome: r.result.outcome,
        findings: r.result.findings,
        followUp: r.result.followUp,
        inspectedOn: r.inspected_on,
        publishedAt: new Date(r.published_at).toISOString(),
        correctedAt: r.corrected_at ? new Date(r.corrected_at).toISOString() : null,
      })),
    };
  }
}
