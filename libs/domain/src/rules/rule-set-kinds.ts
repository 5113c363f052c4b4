/** The kinds of rule set, shared by the stored versions (libs/persistence) and the format (libs/rules). */
export const RULE_SET_KINDS = [
  'tiering',
  'frequency',
  'observation',
  'investment-light',
  'triggers',
  'repair',
  'enforcement',
  'platform-compliance',
] as const;
export type RuleSetKind = (typeof RULE_SET_KINDS)[number];
