import { AssessmentRunService, AssessmentService, RecomputeService } from '@app/assessment';
import { RuleSetStore } from '@app/rulesets';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { Clock } from '@app/domain';
import { OutboxWriter, QueueRegistry } from '@app/queue';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';

export interface AssessmentServices {
  assessments: AssessmentService;
  ruleSets: RuleSetStore;
  runs: AssessmentRunService;
  recompute: RecomputeService;
  queues: QueueRegistry;
}

/**
 * The real assessment services wired by hand (no Nest container); close `queues` when done. A test
 * that pins time gives `clock` to the rule-set store (which shipped versions are already in force).
 */
export function assessmentServices(ds: DataSource, config: AppConfig, clock?: Clock): AssessmentServices {
  const cls = new ClsService(new AsyncLocalStorage());
  const assessments = new AssessmentService(ds);
  const ruleSets = new RuleSetStore(ds, clock);
  const queues = new QueueRegistry(config);
  const runs = new AssessmentRunService(
    ds,
    assessments,
    ruleSets,
    new OutboxWriter(cls),
    queues,
    new AuditService(ds, cls),
    config,
  );
  return { assessments, ruleSets, runs, recompute: new RecomputeService(ds, assessments, ruleSets), queues };
}
