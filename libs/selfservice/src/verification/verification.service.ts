import { Clock, DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MyInspectionView, VerificationView } from './verification.view';

interface TaskRow {
  id: string;
  kind: string;
  status: string;
  items: unknown;
  scheduled_start: Date;
  due_at: Date;
  code: string | null;
  plan_name: string | null;
  inspectors: { name: string; certificateNo: string | null }[] | null;
  result: { outcome?: string; findings?: string[] } | null;
  published_at: Date | null;
  withdrawn_at: Date | null;
}

const CODE = /^[0-9A-Fa-f]{24}$/;

// Never the tier, the uscc or the trigger: only what a visitor's notice would show.
const SELECT = `
  SELECT t.id, t.kind, t.status, t.items, t.scheduled_start, t.due_at, v.code, p.name AS plan_name,
         t.result, t.published_at, t.withdrawn_at,
         (SELECT jsonb_agg(jsonb_build_object('name', i.name, 'certificateNo', i.certificate_no) ORDER BY i.name, i.id)
            FROM inspectors i WHERE i.id = ANY(t.inspector_ids)) AS inspectors
    FROM inspection_tasks t
    LEFT JOIN inspection_verifications v ON v.task_id = t.id
    LEFT JOIN inspection_plans p ON p.id = t.plan_id`;

/**
 * 扫码入企: the public check of a verification code, and the enterprise's own list of its
 * inspection tasks with their codes and published results.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async verify(code: string): Promise<VerificationView> {
    const unknown = () =>
      new DomainError(
        ErrorCode.NotFound,
        'no inspection is registered with this code: ask the inspectors for the notice, or call the regulator',
      );
    if (!CODE.test(code)) throw unknown();
    const [row]: TaskRow[] = await this.dataSource.query(`${SELECT} WHERE v.code = $1`, [code.toUpperCase()]);
    if (!row) throw unknown();
    return this.visit(row);
  }

  async mine(
    uscc: string,
    q: { limit: number; offset: number },
  ): Promise<{ items: MyInspectionView[]; total: number }> {
    const rows: TaskRow[] = await this.dataSource.query(
      `${SELECT} WHERE t.uscc = $1 ORDER BY t.scheduled_start DESC, t.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      [uscc],
    );
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM inspection_tasks WHERE uscc = $1`,
      [uscc],
    );
    return {
      total,
      items: rows.map((row) => ({
        ...this.visit(row),
        taskId: row.id,
        status: row.status,
        result:
          row.published_at && !row.withdrawn_at && row.result
            ? {
                outcome: row.result.outcome ?? '',
                findings: row.result.findings ?? [],
                publishedAt: new Date(row.published_at).toISOString(),
              }
            : null,
      })),
    };
  }

  private visit(row: TaskRow): VerificationView {
    const now = this.clock.now();
    const open = ['pending', 'assigned', 'in_progress'].includes(row.status);
    const state =
      row.status === 'cancelled'
        ? 'cancelled'
        : !open
          ? 'finished'
          : now < new Date(row.scheduled_start)
            ? 'not_yet'
            : now > new Date(row.due_at)
              ? 'expired'
              : 'current';
    return {
      code: row.code,
      current: state === 'current',
      state,
      kind: row.kind,
      plan: row.plan_name ? { name: row.plan_name } : null,
      items: row.items,
      window: { from: new Date(row.scheduled_start).toISOString(), to: new Date(row.due_at).toISOString() },
      inspectors: row.inspectors ?? [],
    };
  }
}
