import { AppConfig } from '@app/config';
import { DEFAULT_JOB_OPTIONS, JOB_OPTIONS, JOB_QUEUE, JobEnvelope, JobName, QueueRegistry } from '@app/queue';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/** 00:20 every day, Asia/Shanghai: just after the regulatory day turns, before anyone reads a tier. */
export const PUBLICITY_EXPIRY_CRON = '20 0 * * *';

/**
 * The daily end of publicity (DOMAIN.md §5: a record stops counting by itself at the end of its
 * publicity period), registered as a BullMQ job scheduler (upserted by id: one copy however many
 * workers register it), like the maintenance schedule.
 */
@Injectable()
export class RepairSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(RepairSchedule.name);

  constructor(
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const name = JobName.RepairPublicityExpiry;
    const data: JobEnvelope = {
      payload: { requestedBy: 'schedule' },
      correlationId: 'schedule:repair-publicity-daily',
      outboxId: 'schedule',
    };
    await this.queues
      .get(JOB_QUEUE[name])
      .upsertJobScheduler(
        'repair-publicity-daily',
        { pattern: PUBLICITY_EXPIRY_CRON, tz: this.config.timeZone },
        { name, data, opts: { ...DEFAULT_JOB_OPTIONS, ...JOB_OPTIONS[name] } },
      );
    this.logger.log(`scheduled: repair-publicity-daily (${PUBLICITY_EXPIRY_CRON} ${this.config.timeZone})`);
  }
}
