import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { ActivationOutcome, RuleSetActivationService } from './rule-set-activation.service';

/** The worker side: a published version's activation, due at its effectiveFrom. */
@Injectable()
export class RuleSetActivationJob {
  constructor(private readonly activation: RuleSetActivationService) {}

  @OnJob(JobName.RuleSetActivate)
  activate({ kind, version }: JobOf<JobName.RuleSetActivate>): Promise<ActivationOutcome> {
    return this.activation.activate(kind, version);
  }
}
