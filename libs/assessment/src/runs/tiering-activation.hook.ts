import { shanghaiDateOf } from '@app/domain';
import { ActivatedVersion, RuleSetActivationHook } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AssessmentRunService } from './assessment-run.service';

/**
 * A tiering version coming into force re-tiers every enterprise: a run as of the activation's date
 * (Asia/Shanghai), recorded in the activation's transaction, so an activation retried after a crash
 * starts no second run.
 */
@Injectable()
export class TieringActivationHook implements RuleSetActivationHook {
  readonly name = 'tiering re-tier run';

  constructor(private readonly runs: AssessmentRunService) {}

  async onActivated(m: EntityManager, activated: ActivatedVersion): Promise<string | undefined> {
    if (activated.kind !== 'tiering') return undefined;
    // Never after today: the run service refuses a future as-of date (a clock ahead of real time).
    const asOf = [shanghaiDateOf(activated.activatedAt), shanghaiDateOf(new Date())].sort()[0];
    return this.runs.createWithin(m, {
      scope: { type: 'all' },
      asOf,
      trigger: 'rule_publication',
      requestedBy: `rule-set:${activated.kind}@${activated.version}`,
    });
  }
}
