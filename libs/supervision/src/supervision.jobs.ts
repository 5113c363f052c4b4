import { shanghaiDateOf } from '@app/domain';
import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { ObservationService } from './observation/observation.service';
import { SandboxService } from './sandbox/sandbox.service';

/** The daily expiry (a BullMQ job scheduler, Asia/Shanghai): periods and enrolments past their last day end. */
@Injectable()
export class SupervisionJobs {
  constructor(
    private readonly observation: ObservationService,
    private readonly sandbox: SandboxService,
  ) {}

  @OnJob(JobName.SupervisionExpire)
  async expire(
    _: JobOf<JobName.SupervisionExpire>,
  ): Promise<{ observationPeriods: number; sandboxEnrolments: number }> {
    const today = shanghaiDateOf(new Date());
    return {
      observationPeriods: await this.observation.expire(today),
      sandboxEnrolments: await this.sandbox.expire(today),
    };
  }
}
