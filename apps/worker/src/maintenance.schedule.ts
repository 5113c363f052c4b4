import { AppConfig } from '@app/config';
import {
  DEFAULT_JOB_OPTIONS,
  JOB_OPTIONS,
  JOB_QUEUE,
  JobEnvelope,
  JobItem,
  JobName,
  QueueRegistry,
} from '@app/queue';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

interface Scheduled {
  id: string;
  /** Cron pattern in the regulatory time zone. */
  pattern: string;
  item: JobItem;
}

const schedule = (config: AppConfig): Scheduled[] => [
  {
    id: 'audit-verify-nightly',
    pattern: '30 2 * * *',
    item: { name: JobName.AuditVerifyChain, data: { requestedBy: 'schedule' } },
  },
  {
    id: 'outbox-prune-nightly',
    pattern: '0 3 * * *',
    item: { name: JobName.OutboxPrune, data: { olderThanDays: 7 } },
  },
  {
    id: 'supervision-expiry-daily',
    pattern: '10 0 * * *',
    item: { name: JobName.SupervisionExpire, data: { requestedBy: 'schedule' } },
  },
  {
    id: 'assessment-monthly',
    pattern: config.assessmentMonthlyCron,
    item: { name: JobName.AssessmentMonthlyRun, data: { requestedBy: 'schedule' } },
  },
  {
    id: 'assessment-daily',
    pattern: config.assessmentDailyCron,
    item: { name: JobName.AssessmentDailyRun, data: { requestedBy: 'schedule' } },
  },
];

/**
 * Recurring work (maintenance and the monthly re-tier run), registered as BullMQ job schedulers (upserted by id, so every worker can
 * register them and only one copy exists). Times are Asia/Shanghai.
 */
@Injectable()
export class MaintenanceSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceSchedule.name);

  constructor(
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const entries = schedule(this.config);
    for (const { id, pattern, item } of entries) {
      const data: JobEnvelope = { payload: item.data, correlationId: `schedule:${id}`, outboxId: 'schedule' };
      await this.queues
        .get(JOB_QUEUE[item.name])
        .upsertJobScheduler(
          id,
          { pattern, tz: this.config.timeZone },
          { name: item.name, data, opts: { ...DEFAULT_JOB_OPTIONS, ...JOB_OPTIONS[item.name] } },
        );
    }
    this.logger.log(
      `scheduled: ${entries.map((s) => `${s.id} (${s.pattern} ${this.config.timeZone})`).join(', ')}`,
    );
  }
}
