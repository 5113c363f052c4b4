import { AuditService } from '@app/audit';
import { ChangeFeed } from '@app/assessment';
import { shanghaiDateOf } from '@app/domain';
import { IngestService } from '@app/ingestion';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { spotCheckOf } from './task-result';
import { TaskRow } from './task.view';

/** Records written from inspection results carry this source; the task id is their source record id. */
export const INSPECTION_SOURCE = 'tierwatch-inspection';

/**
 * A published result goes back into the credit records as a `spot_check_result` (so a failed check
 * lowers the tier through the change feed); a correction replaces it (same source key), a withdrawal
 * removes it. Idempotent: running it again changes nothing.
 */
@Injectable()
export class ResultFeed {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: IngestService,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeed,
  ) {}

  async feed(taskId: string): Promise<string> {
    const [task]: TaskRow[] = await this.dataSource.query(`SELECT * FROM inspection_tasks WHERE id = $1`, [
      taskId,
    ]);
    if (!task || task.status !== 'published' || !task.result) return 'not published';
    const uscc = task.uscc.trim();
    if (task.withdrawn_at) {
      return this.dataSource.transaction(async (m) => {
        const removed: Record<string, unknown>[] = await m.query(
          `WITH d AS (DELETE FROM credit_records WHERE source = $1 AND source_record_id = $2 RETURNING *) SELECT * FROM d`,
          [INSPECTION_SOURCE, taskId],
        );
        if (removed.length === 0) return 'nothing to remove';
        await this.audit.append(m, [
          {
            actor: 'inspection',
            action: 'record.removed',
            entityType: 'credit_record',
            entityId: String(removed[0].id),
            data: { reason: 'inspection result withdrawn', before: removed[0] },
          },
        ]);
        await this.changeFeed.mark(m, [uscc]);
        return 'removed';
      });
    }
    const check = spotCheckOf(task.result);
    if (!check) return `no spot check for outcome ${task.result.outcome}`;
    const items = Array.isArray(task.items)
      ? (task.items as unknown[])
          .map((i) =>
            typeof i === 'string' ? i : typeof i === 'object' && i && 'name' in i ? String(i.name) : '',
          )
          .filter((name) => name.length > 0)
          .slice(0, 200)
      : [];
    const summary = await this.ingest.ingest(
      'records',
      [
        {
          row: 1,
          value: {
            uscc,
            type: 'spot_check_result',
            source: INSPECTION_SOURCE,
            sourceRecordId: taskId,
            occurredOn: shanghaiDateOf(new Date(task.result_at!)),
            payload: {
              result: check,
              items,
              ...(task.plan_id ? { planId: task.plan_id } : {}),
              ...(task.result.findings.length
                ? { findings: task.result.findings.join('；').slice(0, 2000) }
                : {}),
            },
          },
        },
      ],
      { actor: 'inspection', atomic: true },
    );
    if (summary.rejected > 0) {
      throw new Error(
        `the spot check of task ${taskId} was rejected: ${JSON.stringify(summary.rejectedRows)}`,
      );
    }
    return summary.accepted ? 'recorded' : summary.updated ? 'updated' : 'unchanged';
  }
}
