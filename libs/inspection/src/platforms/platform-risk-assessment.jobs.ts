import { JobName, JobOf, OnJob } from '@app/queue';
import { shanghaiDateOf } from '@app/domain';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../clock';
import { PlatformRiskAssessmentService } from './platform-risk-assessment.service';

/**
 * The yearly platform risk assessment (worker). At start the worker stores this year's run in the
 * outbox when none is stored (due at once: a platform that is super today gets its task of the year);
 * each run stores the next year's, due 00:30 on 1 January, Asia/Shanghai.
 */
@Injectable()
export class PlatformRiskAssessmentJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlatformRiskAssessmentJobs.name);

  constructor(
    private readonly assessments: PlatformRiskAssessmentService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const now = this.clock.now();
    const year = Number(shanghaiDateOf(now).slice(0, 4));
    if (await this.assessments.ensureScheduled(year, now))
      this.logger.log(`scheduled: platform risk assessment ${year}`);
  }

  @OnJob(JobName.PlatformRiskAssessment)
  async run({ year }: JobOf<JobName.PlatformRiskAssessment>): Promise<{ graded: number; created: number }> {
    const r = await this.assessments.run(year);
    return { graded: r.graded, created: r.created.length };
  }
}
