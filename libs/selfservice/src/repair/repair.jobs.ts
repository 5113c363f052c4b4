import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { RepairService } from './repair.service';

/** The worker side of credit repair; each job reads the state when it runs. */
@Injectable()
export class RepairJobs {
  constructor(private readonly repairs: RepairService) {}

  @OnJob(JobName.RepairEscalate)
  async escalate({ applicationId }: JobOf<JobName.RepairEscalate>): Promise<{ outcome: string }> {
    return { outcome: await this.repairs.escalate(applicationId) };
  }

  @OnJob(JobName.RepairPublicityExpiry)
  async expire(_: JobOf<JobName.RepairPublicityExpiry>): Promise<{ ended: number; enterprises: number }> {
    return this.repairs.expirePublicity();
  }
}
