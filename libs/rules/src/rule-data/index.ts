export { DEADLINES_SCHEMA, YEAR_CALENDAR_SCHEMA } from './rule-data.schema';
export { parseDeadlineRules, parseYearCalendar, readRuleData, ruleDataFingerprint } from './rule-data.loader';
export type { RuleData } from './rule-data.loader';
