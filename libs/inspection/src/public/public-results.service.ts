import { Injectable } from '@nestjs/common';
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
@Injectable()
export class PublicResultsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: {
    region?: string;
    uscc?: string;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: PublicResult[] }> {
    const { region, uscc } = filter;
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
        WHERE ${where} ORDER BY t.published_at DESC, t.id LIMIT $3 OFFSET $4`,
      [region ?? null, uscc ?? null, filter.limit, filter.offset],
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
