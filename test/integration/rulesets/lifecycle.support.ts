import { TieringActivationHook } from '@app/assessment';
import { AuditService } from '@app/audit';
import { FixedClock } from '@app/domain';
import { OutboxWriter } from '@app/queue';
import {
  RuleSetActivationService,
  RuleSetAuthoringService,
  RuleSetPublicationService,
  RuleSetQueryService,
  RuleSetVersionRepository,
  shippedRuleSet,
  VersionSteps,
} from '@app/rulesets';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AssessmentServices } from '../../support/assessment';

export interface LifecycleServices {
  clock: FixedClock;
  audit: AuditService;
  query: RuleSetQueryService;
  authoring: RuleSetAuthoringService;
  publication: RuleSetPublicationService;
  activation: RuleSetActivationService;
}

/** The rule-set life cycle wired by hand on a clock the test moves, with the tiering re-tier hook. */
export function lifecycleServices(
  ds: DataSource,
  s: AssessmentServices,
  clock: FixedClock,
): LifecycleServices {
  const cls = new ClsService(new AsyncLocalStorage());
  const audit = new AuditService(ds, cls);
  const repo = new RuleSetVersionRepository(ds);
  const steps = new VersionSteps(audit, new OutboxWriter(cls));
  return {
    clock,
    audit,
    query: new RuleSetQueryService(repo, s.ruleSets),
    authoring: new RuleSetAuthoringService(ds, repo, steps, clock),
    publication: new RuleSetPublicationService(ds, repo, steps, clock),
    activation: new RuleSetActivationService(ds, repo, steps, clock, s.ruleSets, [
      new TieringActivationHook(s.runs),
    ]),
  };
}

/** The shipped tiering document (2026.1), as a plain object to change. */
export function shippedTiering(): Record<string, unknown> {
  return structuredClone(shippedRuleSet('tiering', '2026-11-01')) as unknown as Record<string, unknown>;
}

/** A stricter tiering (base 80) that carries its own scenario: the model firm still makes A. */
export function stricterTiering(version: string): Record<string, unknown> {
  const doc = shippedTiering();
  const model = JSON.parse(
    readFileSync(join(__dirname, '../../../rules/scenarios/tiering/demo-model-a.json'), 'utf8'),
  ) as { facts: Record<string, unknown>; asOf: string };
  return {
    ...doc,
    version,
    outcome: { ...(doc.outcome as object), base: 80 },
    tests: [{ name: 'model firm stays A', asOf: model.asOf, facts: model.facts, expect: { tier: 'A' } }],
  };
}
