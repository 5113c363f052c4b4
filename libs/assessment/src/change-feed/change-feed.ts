import { AppConfig } from '@app/config';
import { JobName, OutboxWriter } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The change feed of ingestion, written in the batch's own transaction: one mark per changed
 * enterprise in `reassessment_marks` (however many changes arrive, that is the per-enterprise
 * debounce), and a delayed `assessment.reassess-marked` job through the outbox. BullMQ keeps one
 * pending job however many batches ask (deduplication id in the queue contract); the job handles
 * marks quiet for the debounce period and schedules another while fresher ones remain.
 */
@Injectable()
export class ChangeFeed {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly config: AppConfig,
  ) {}

  async mark(manager: EntityManager, usccs: string[], now = Date.now()): Promise<void> {
    if (usccs.length === 0) return;
    await manager.query(
      `INSERT INTO reassessment_marks (uscc) SELECT unnest($1::text[])
       ON CONFLICT (uscc) DO UPDATE SET last_marked_at = now(), changes = reassessment_marks.changes + 1`,
      [usccs],
    );
    await this.schedule(manager, now);
  }

  /** A re-assessment job due one debounce period from now (or the one already pending). */
  async schedule(manager: EntityManager, now = Date.now()): Promise<void> {
    await this.outbox.enqueue(
      manager,
      { name: JobName.ReassessMarked, data: { requestedAt: new Date(now).toISOString() } },
      { runAt: new Date(now + this.config.reassessDebounceMs) },
    );
  }
}
