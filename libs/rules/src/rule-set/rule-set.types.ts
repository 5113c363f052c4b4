import type { AggregateKind, FactAttribute, FactType, RecordType } from './fact-catalog.const';

/**
 * A rule set: a versioned JSON document (DESIGN.md "Rule sets"), shipped in rules/<kind>/ or authored
 * through the API. The JSON Schema in rules/schema/rule-set.schema.json describes the same shape for
 * editors; validateRuleSet is what turns an unknown document into one of these.
 */

export type {
  FactType,
  EnterpriseAttribute,
  ContextAttribute,
  FactAttribute,
  RecordType,
  AggregateKind,
} from './fact-catalog.const';

import type { RuleSetKind } from '@app/domain';

export { RULE_SET_KINDS, type RuleSetKind } from '@app/domain';

/** A `where` value: equal to a scalar, IS NULL (also matches a missing payload key), or IN a list. */
export type WhereValue = string | number | boolean | null | readonly (string | number | boolean)[];

/** `severity`, `occurred_on` or `payload.<name>`. */
export type RecordField = string;

/**
 * An aggregate over one enterprise's records of one type. The window is an ISO-8601 duration in
 * years, months, weeks or days counted back from the as-of date: a record counts when as-of minus
 * the window < its date ≤ as-of (dates of risk records are taken in Asia/Shanghai). Without a
 * window every record up to as-of counts.
 */
export interface RecordAggregate {
  recordType: RecordType;
  /** Every entry must hold (AND). */
  where?: Readonly<Record<string, WhereValue>>;
  window?: string;
  /** Credit records only: leave out records repaired on or before as-of (DOMAIN.md §5). */
  excludeRepaired?: boolean;
}

/** sum, max and latest read one field of the matching records; latest takes the newest by date. */
export interface FieldAggregate extends RecordAggregate {
  field: RecordField;
}

/** JSON a default may be: a date fact's default is a 'YYYY-MM-DD' string, a list fact's a string array. */
export type FactDefault = number | boolean | string | readonly string[];

interface FactDeclarationBase {
  type: FactType;
  /** Used when the fact cannot be derived; without one the enterprise's assessment fails with a reason. */
  default?: FactDefault;
  description?: string;
}

type NoOther<K extends string> = { [P in Exclude<'from' | AggregateKind, K>]?: never };

/** Exactly one derivation: an enterprise attribute or one aggregate. */
export type FactDeclaration = FactDeclarationBase &
  (
    | ({ from: FactAttribute } & NoOther<'from'>)
    | ({ count: RecordAggregate } & NoOther<'count'>)
    | ({ exists: RecordAggregate } & NoOther<'exists'>)
    | ({ sum: FieldAggregate } & NoOther<'sum'>)
    | ({ max: FieldAggregate } & NoOther<'max'>)
    | ({ latest: FieldAggregate } & NoOther<'latest'>)
  );

/** A fact compared with another fact instead of a literal (json-rules-engine resolves it). */
export interface FactReference {
  fact: string;
  path?: string;
  params?: Readonly<Record<string, unknown>>;
}

interface ConditionCommon {
  name?: string;
  priority?: number;
}

export interface FactCondition extends ConditionCommon {
  fact: string;
  /** A built-in operator, optionally decorated: `greaterThan`, `not:in`, `someFact:equal`. */
  operator: string;
  value: unknown;
  /** JSONPath into an object fact; our fact types are scalars or lists, so rarely useful. */
  path?: string;
  params?: Readonly<Record<string, unknown>>;
}

export interface AllConditions extends ConditionCommon {
  all: Condition[];
}
export interface AnyConditions extends ConditionCommon {
  any: Condition[];
}
export interface NotCondition extends ConditionCommon {
  not: Condition;
}

export type TopLevelCondition = AllConditions | AnyConditions | NotCondition;
export type Condition = TopLevelCondition | FactCondition;

export interface RuleEventDocument {
  type: string;
  /** Every event carries a non-empty `factor` and `reason`, so each outcome explains itself. */
  params: Readonly<Record<string, unknown>> & { factor: string; reason: string };
}

/** The legal provision a rule applies; explanations (fired and why-not) carry it through. */
export interface LegalBasis {
  /** The instrument, e.g. 市场监督管理严重违法失信名单管理办法. */
  title: string;
  /** The article within it, e.g. 第十条. */
  article: string;
  /** Where to read it; https only. */
  url?: string;
}

/** A plain json-rules-engine rule; names are required because explanations cite them. */
export interface RuleDocument {
  name: string;
  /** Why the rule is as it is, for authors; json-rules-engine ignores it. */
  description?: string;
  /** The legal basis of the rule; json-rules-engine ignores it, explanations cite it. */
  basis?: LegalBasis;
  /** What the rule means for the enterprise, in plain words (self-service shows it). */
  explanation?: { zh: string; en: string };
  /** Its points are not shown to the enterprise (the weights are internal). */
  internal?: boolean;
  /** ≥ 1; higher runs first (it orders evaluation only, never the outcome). */
  priority?: number;
  conditions: TopLevelCondition;
  event: RuleEventDocument;
}

/** Tiering `score` event params: points are integers, so a score is never a float. */
export interface ScoreEventParams {
  points: number;
  factor: string;
  reason: string;
}

/** `set`: exactly this tier, whatever the score. `cap`: this tier at best (the result may be worse). */
export type OverrideMode = 'set' | 'cap';

export interface OverrideEventParams {
  tier: string;
  mode: OverrideMode;
  factor: string;
  reason: string;
}

export interface TierThreshold {
  tier: string;
  /** Lowest score of the tier; null for the last tier, which catches every lower score. */
  min: number | null;
}

export interface TieringOutcomeSpec {
  base: number;
  /** Best first, mins strictly descending; tier names are data (A–D, A–E…). */
  tiers: TierThreshold[];
}

interface RuleSetBase {
  /** Editors' pointer to the JSON Schema; ignored by the engine. */
  $schema?: string;
  version: string;
  /** ISO-8601 instant with an offset, e.g. 2026-01-01T00:00:00+08:00. */
  effectiveFrom: string;
  description?: string;
  facts: Readonly<Record<string, FactDeclaration>>;
  rules: RuleDocument[];
  /** Scenario tests; without them the kind's default scenarios (rules/scenarios/<kind>/) apply. */
  tests?: Scenario[];
}

/**
 * What a scenario expects, by kind. Every key given must match; keys left out are not checked.
 * `firedRules` (every kind) lists the rules that fire, in any order.
 */
export interface TieringExpectation {
  tier: string;
  score?: number;
  overridden?: boolean;
  firedRules?: string[];
}

export interface FrequencyExpectation {
  ratio?: number;
  visitsPerYear?: number;
  minIntervalDays?: number;
  excludedFromRandomDraw?: boolean;
  firedRules?: string[];
}

export interface TriggersExpectation {
  /** Reason codes of the triggers that fire, in any order (an empty list: none fires). */
  triggers?: string[];
  firedRules?: string[];
}

/** Kinds whose outcome is not built yet are tested on the rules that fire. */
export interface FiredRulesExpectation {
  firedRules: string[];
}

export type ScenarioExpectation =
  TieringExpectation | FrequencyExpectation | TriggersExpectation | FiredRulesExpectation;

/** A scenario test: facts as the derivation would give them on `asOf`, and the outcome expected. */
export interface Scenario {
  /** Unique within the document; reports cite it. */
  name: string;
  description?: string;
  /** The date the facts describe (YYYY-MM-DD); for readers, the facts are already derived. */
  asOf?: string;
  /**
   * The first version (label) the scenario holds for: a document whose version sorts before it
   * (numeric-aware) skips it. For scenarios about rules and facts a later version added, so the
   * kind's default scenarios can serve every shipped version.
   */
  since?: string;
  facts: Readonly<Record<string, unknown>>;
  expect: ScenarioExpectation;
}

export interface TieringRuleSet extends RuleSetBase {
  kind: 'tiering';
  outcome: TieringOutcomeSpec;
}

/**
 * Frequency (差异化监管, DOMAIN.md §2): rules fire `frequency` events giving a tier its sampling
 * ratio for general items, target visits a year and minimum interval, and `exclude` events taking an
 * enterprise out of random draws (observation periods). The outcome holds what is not per rule.
 */
export interface FrequencyEventParams {
  factor: string;
  reason: string;
  /** The tier the rule is about; must be one of the outcome's bands and the tier evaluated. */
  tier: string;
  /** Share of the tier drawn per year for general items, 0 < ratio ≤ 1, at most 4 decimals. */
  ratio?: number;
  /** Target random inspections per enterprise per year (0.5 = once every two years). */
  visitsPerYear?: number;
  /** Least whole days between two random inspections of one enterprise. */
  minIntervalDays?: number;
}

export interface FrequencyBand {
  tier: string;
  /** The published range of the tier's ratio (A ≤ 5%, B 5–20%…); every rule's ratio must fall in it. */
  minRatio: number;
  maxRatio: number;
}

export interface FrequencyOutcomeSpec {
  /** Best tier first, as in tiering; every tier needs a ratio, visits and interval from some rule. */
  bands: FrequencyBand[];
  /** Key items (safety, quality, public interest) are not capped by the ratios. */
  keyItemsUncapped: boolean;
  /** Published cap of inspections per enterprise per authority per year (国办发〔2024〕54号). */
  annualCapPerAuthority: number;
  /** Where the cap is published (issue #13); absent in versions before it was recorded. */
  annualCapBasis?: LegalBasis;
  /** No repeat of the same items within this ISO duration of a higher-level check (P3M). */
  noRepeatAfterHigherLevelCheck: string;
}

export interface FrequencyRuleSet extends RuleSetBase {
  kind: 'frequency';
  outcome: FrequencyOutcomeSpec;
}

export const TRIGGER_PRIORITIES = ['urgent', 'high', 'normal'] as const;
export type TriggerPriority = (typeof TRIGGER_PRIORITIES)[number];

/** Triggers (触发式检查): each fired `trigger` event asks for a triggered inspection task. */
export interface TriggerEventParams {
  factor: string;
  reason: string;
  /** Stable reason code; tasks are deduplicated per enterprise and code. */
  code: string;
  priority: TriggerPriority;
  /** ISO duration; defaults to the outcome's defaultDedupWindow. */
  dedupWindow?: string;
  /** A serious trigger: ends the enterprise's observation period or sandbox early (DOMAIN.md §4). */
  endsObservation?: boolean;
}

export interface TriggersOutcomeSpec {
  defaultDedupWindow: string;
}

export interface TriggersRuleSet extends RuleSetBase {
  kind: 'triggers';
  outcome: TriggersOutcomeSpec;
}

/** Kinds whose outcome semantics are not built yet: their envelope is validated, their outcome is free. */
export interface OtherRuleSet extends RuleSetBase {
  kind: Exclude<RuleSetKind, 'tiering'>;
  outcome?: Readonly<Record<string, unknown>>;
}

export type RuleSetDocument = TieringRuleSet | OtherRuleSet;

/** One thing wrong with a rule set, e.g. `{ path: 'rules[3].conditions.all[1].fact', rule: 'x', message }`. */
export interface RuleSetProblem {
  path: string;
  rule?: string;
  message: string;
}

export type RuleSetValidation =
  { ok: true; ruleSet: RuleSetDocument; checksum: string } | { ok: false; problems: RuleSetProblem[] };
