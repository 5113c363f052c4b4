import { Metrics } from '@app/metrics';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Open inspection tasks past their due time, and results unpublished past their deadline, at each scrape. */
@Injectable()
export class TaskMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    this.metrics.gauge(
      'tierwatch_inspection_tasks_overdue',
      'Inspection tasks past their due time: still open (kind="task"), or done and escalated as unpublished past the publication deadline (kind="publication")',
      ['kind'],
      async (set) => {
        const [row]: { open: number; publication: number }[] = await this.dataSource.query(
          `SELECT (SELECT count(*) FROM inspection_tasks
                    WHERE status IN ('pending', 'assigned', 'in_progress') AND due_at < now())::int AS open,
                  (SELECT count(*) FROM inspection_tasks
                    WHERE status = 'done' AND publication_overdue_at IS NOT NULL)::int AS publication`,
        );
        set({ kind: 'task' }, row.open);
        set({ kind: 'publication' }, row.publication);
      },
    );
  }
}
