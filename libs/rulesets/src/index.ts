export {
  shippedRuleSet,
  shippedRuleSets,
  rulesDirectory,
  inForceOn,
  type ShippedRuleSet,
} from './shipped-rule-sets';
export { RuleSetStore, ruleSetChecksum, type StoredRuleSet } from './rule-set.store';
export {
  RuleSetStoreModule,
  RuleSetLifecycleModule,
  RuleSetHttpModule,
  RuleSetWorkerModule,
} from './rule-set-store.module';
export {
  RULE_SET_ACTIVATION_HOOKS,
  type ActivatedVersion,
  type RuleSetActivationHook,
} from './versions/rule-set-activation.hook';
export { RuleSetActivationService, type ActivationOutcome } from './versions/rule-set-activation.service';
export { RuleSetAuthoringService, type CreateDraft } from './versions/rule-set-authoring.service';
export { RuleSetPublicationService, type Rollback } from './versions/rule-set-publication.service';
export { RuleSetQueryService, type RuleSetKindSummary } from './versions/rule-set-query.service';
export { RuleSetVersionRepository, type RuleSetVersionView } from './versions/rule-set-version.repository';
export { VersionSteps } from './versions/version-steps';
export { checkVersion } from './versions/version-check';
export type { PatchOperation } from './versions/json-patch';
