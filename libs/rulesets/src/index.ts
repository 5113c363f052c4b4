export {
  shippedRuleSet,
  shippedRuleSets,
  rulesDirectory,
  inForceOn,
  type ShippedRuleSet,
} from './shipped-rule-sets';
export { RuleSetStore, ruleSetChecksum, type StoredRuleSet } from './rule-set.store';
export { RuleSetStoreModule } from './rule-set-store.module';
