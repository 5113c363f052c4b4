import type { RuleSetKind } from '@app/domain';
import type { EntityManager } from 'typeorm';

/**
 * Capabilities that react when a rule-set version comes into force register here (the assessment
 * lib starts a re-tier run for tiering); libs/rulesets never imports them. Each hook runs inside the
 * activation's transaction, so the version comes into force and its re-evaluation is recorded
 * together or not at all (an activation retried after a crash starts no second run).
 */
export const RULE_SET_ACTIVATION_HOOKS = Symbol('RULE_SET_ACTIVATION_HOOKS');

export interface ActivatedVersion {
  kind: RuleSetKind;
  version: string;
  effectiveFrom: string;
  activatedAt: Date;
}

export interface RuleSetActivationHook {
  readonly name: string;
  onActivated(manager: EntityManager, activated: ActivatedVersion): Promise<unknown>;
}
