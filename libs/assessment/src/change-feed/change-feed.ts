import { AppConfig } from '@app/config';
import { JobName, OutboxWriter } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The change feed of ingestion, written in the batch's own transaction: one mark per changed
 * enterprise in `reassessment_marks` (however many changes arrive, that is the per-enterprise
 * debounce), and one delayed `assessment.reassess-marked` job per debounce window through the
 * outbox (its job id names the window, so BullMQ keeps one job however many batches ask).
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

  /** The job of the window `now` falls in, due one debounce period after that window closes. */
  async schedule(manager: EntityManager, now = Date.now()): Promise<void> {
    const debounce = Math.max(this.config.reassessDebounceMs, 1);
    const window = Math.floor(now / debounce);
    await this.outbox.enqueue(
      manager,
      { name: JobName.ReassessMarked, data: { requestedAt: new Date(now).toISOString() } },
      { jobId: `reassess-marked-${window}`, delayMs: (window + 2) * debounce - now },
    );
  }
}
