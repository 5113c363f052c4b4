import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OnJob } from './job-handler.decorator';
import { JobName, JobOf } from './queue.contract';

/** Delivered outbox rows are kept a while for inspection, then pruned. */
@Injectable()
export class OutboxPruneJob {
  private readonly logger = new Logger(OutboxPruneJob.name);

  constructor(private readonly dataSource: DataSource) {}

  @OnJob(JobName.OutboxPrune)
  async prune({ olderThanDays }: JobOf<JobName.OutboxPrune>): Promise<{ deleted: number }> {
    const [, deleted] = await this.dataSource.query(
      // A row whose job is due later stays: its job lives only in Redis until then, and this row is
      // what re-queues it if Redis loses its data (docs/operations.md).
      `DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < now() - make_interval(days => $1)
          AND run_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    );
    this.logger.log(`pruned ${deleted} delivered outbox row(s) older than ${olderThanDays} days`);
    return { deleted: Number(deleted) };
  }
}
