import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService, ChainVerification } from './audit.service';

@Injectable()
export class AuditVerifyJob {
  private readonly logger = new Logger(AuditVerifyJob.name);

  constructor(private readonly audit: AuditService) {}

  @OnJob(JobName.AuditVerifyChain)
  async verify({ requestedBy }: JobOf<JobName.AuditVerifyChain>): Promise<ChainVerification> {
    const result = await this.audit.verify();
    if (result.ok)
      this.logger.log(`audit chain intact: ${result.checked} entries (requested by ${requestedBy})`);
    else this.logger.error(`audit chain broken at entry ${result.brokenAt}: ${result.reason}`);
    return result;
  }
}
