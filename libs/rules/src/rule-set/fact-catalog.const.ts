/**
 * The closed lists a rule set's fact declarations are checked against: what a fact may be derived
 * from. They mirror the enterprise columns and record tables (libs/persistence) without importing
 * them, because libs/rules sits below persistence and never touches the database; a spec keeps the
 * record types in step.
 */

/** How a fact reaches the rules. Dates arrive as whole days since 1970-01-01, never as strings. */
export const FACT_TYPES = ['number', 'boolean', 'string', 'date', 'string[]'] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** Enterprise attributes a fact may copy (`from`), each with the only type it can be declared as. */
export const ENTERPRISE_ATTRIBUTES = {
  /** Whole years since established_on, as of the assessment date. */
  'enterprise.age_years': 'number',
  /** Yuan. */
  'enterprise.registered_capital': 'number',
  'enterprise.region_code': 'string',
  'enterprise.industry_code': 'string',
  /** micro | small | medium | large */
  'enterprise.size': 'string',
  'enterprise.is_platform': 'boolean',
  'enterprise.platform_monthly_users': 'number',
  'enterprise.new_business_form': 'boolean',
  'enterprise.tags': 'string[]',
  /** Investment warnings (资本红绿灯) not resolved, red / yellow (a yellow one past its quiet period lapses). */
  'investment.open_red_warnings': 'number',
  'investment.open_yellow_warnings': 'number',
  /**
   * The latest platform-compliance grade a regulator recorded (good | fair | poor in 2026.1; null,
   * so the declared default, when none): 合规激励 — a tiering or frequency rule set may reward it.
   */
  'platform.compliance_grade': 'string',
} as const satisfies Record<string, FactType>;
export type EnterpriseAttribute = keyof typeof ENTERPRISE_ATTRIBUTES;

/**
 * Supervision context a fact may copy (`from`) in the rule-set kinds listed: not enterprise columns
 * but what the caller evaluating the rule set already knows — the tier in force, whether the
 * enterprise is in an observation period. The tiering fact query never sees them: the validator
 * refuses them in every other kind.
 */
export const CONTEXT_ATTRIBUTES = {
  /** The enterprise's current tier (from its assessment in force). */
  'assessment.tier': { type: 'string', kinds: ['frequency', 'observation'] },
  /** In an observation period (观察期) or sandbox on the evaluation date. */
  'observation.active': { type: 'boolean', kinds: ['frequency', 'enforcement'] },
  /**
   * A new business form (新产业新业态新商业模式): flagged at registration or by a regulator, or mapped
   * from its industry code or tags by rules/data/new-business-forms.json (libs/supervision).
   */
  'supervision.new_business_form': { type: 'boolean', kinds: ['observation'] },
  /** The violation a recommendation is asked for (enforcement): minor | general | serious. */
  'violation.severity': { type: 'string', kinds: ['enforcement'] },
  /** Its harm: minor | moderate | serious. */
  'violation.harm': { type: 'string', kinds: ['enforcement'] },
  'violation.corrected_in_time': { type: 'boolean', kinds: ['enforcement'] },
  'violation.malicious': { type: 'boolean', kinds: ['enforcement'] },
  /** The item is on the first-offence list (rules/data/first-offence-items.json). */
  'violation.first_offence_item': { type: 'boolean', kinds: ['enforcement'] },
  /** Similar violations (same item) within the list's look-back window before this one. */
  'violation.similar_before': { type: 'number', kinds: ['enforcement'] },
  /** The last soft measure recorded in the current observation period: none | guidance | talk | warning. */
  'enforcement.last_soft_measure': { type: 'string', kinds: ['enforcement'] },
  /** One investment event as the investment-light rules judge it (libs/capital derives these). */
  'event.kind': { type: 'string', kinds: ['investment-light'] },
  'event.negative_list_prohibited': { type: 'boolean', kinds: ['investment-light'] },
  'event.negative_list_permit': { type: 'boolean', kinds: ['investment-light'] },
  'event.unlicensed_finance_terms': { type: 'boolean', kinds: ['investment-light'] },
  'event.must_notify': { type: 'boolean', kinds: ['investment-light'] },
  'event.notified': { type: 'boolean', kinds: ['investment-light'] },
  /** Whole percent of the filing thresholds the deal reaches (merger-check.ts). */
  'event.threshold_proximity_percent': { type: 'number', kinds: ['investment-light'] },
  'event.cross_industry': { type: 'boolean', kinds: ['investment-light'] },
  'event.target_financial_institution': { type: 'boolean', kinds: ['investment-light'] },
  /** Acquisitions by the investor's whole group within the rule set's serial window, this one included. */
  'group.acquisitions_in_window': { type: 'number', kinds: ['investment-light'] },
  /**
   * The enterprise's investment warnings as the platform-compliance rules judge its handling (libs/capital):
   * median whole days open → resolved of the resolved ones (0 when none), and how many took or are
   * taking longer than the rule set's `outcome.handlingDeadline`.
   */
  'warnings.median_handling_days': { type: 'number', kinds: ['platform-compliance'] },
  'warnings.overdue': { type: 'number', kinds: ['platform-compliance'] },
} as const satisfies Record<string, { type: FactType; kinds: readonly string[] }>;
export type ContextAttribute = keyof typeof CONTEXT_ATTRIBUTES;

/** What `from` may name: an enterprise attribute, or a context attribute where the kind allows it. */
export type FactAttribute = EnterpriseAttribute | ContextAttribute;

import { CREDIT_RECORD_TYPES, CreditRecordType, RISK_RECORD_TYPES, RiskRecordType } from '@app/domain';

export { CREDIT_RECORD_TYPES, RISK_RECORD_TYPES, type CreditRecordType, type RiskRecordType };

export type RecordType = CreditRecordType | RiskRecordType;
export const RECORD_TYPES: readonly RecordType[] = [...CREDIT_RECORD_TYPES, ...RISK_RECORD_TYPES];

/** Severity grades of each table; a `where` on severity with any other value could never match. */
export { CREDIT_SEVERITIES, RISK_SEVERITIES } from '@app/domain';

export function isCreditRecordType(type: string): type is CreditRecordType {
  return (CREDIT_RECORD_TYPES as readonly string[]).includes(type);
}

export function isRiskRecordType(type: string): type is RiskRecordType {
  return (RISK_RECORD_TYPES as readonly string[]).includes(type);
}

export function isEnterpriseAttribute(name: string): name is EnterpriseAttribute {
  return Object.prototype.hasOwnProperty.call(ENTERPRISE_ATTRIBUTES, name);
}

export function isContextAttribute(name: string): name is ContextAttribute {
  return Object.prototype.hasOwnProperty.call(CONTEXT_ATTRIBUTES, name);
}

/** Fact names are identifiers: they appear in paths, explanations and SQL aliases. */
export const FACT_NAME_PATTERN_SOURCE = '^[A-Za-z_][A-Za-z0-9_]*$';

/**
 * Identifiers a fact name or payload key may not be: on a plain object `__proto__` is the prototype,
 * not a property (a fact of that name is silently lost), and `constructor` or `prototype` read
 * inherited machinery when absent. The validator refuses them by name.
 */
export const RESERVED_NAMES = ['__proto__', 'constructor', 'prototype'] as const;

export function isReservedName(name: string): boolean {
  return (RESERVED_NAMES as readonly string[]).includes(name);
}

/** The aggregate derivations, in the order the schema and messages list them. */
export const AGGREGATES = ['count', 'sum', 'max', 'exists', 'latest'] as const;
export type AggregateKind = (typeof AGGREGATES)[number];

/** A payload key as a `where` or `field` names it: `payload.<name>`, one level deep, never reserved. */
const PAYLOAD_FIELD = `payload\\.(?!(?:${RESERVED_NAMES.join('|')})$)[A-Za-z_][A-Za-z0-9_]*`;
export const PAYLOAD_FIELD_PATTERN = new RegExp(`^${PAYLOAD_FIELD}$`);

/** Columns a `where` may filter on besides payload keys (dates are filtered by `window`). */
export const WHERE_COLUMNS = ['severity'] as const;

/**
 * Columns an aggregate's `field` may read besides payload keys. `occurred_on` gives date facts such
 * as "last penalty on"; `severity` only makes sense for `latest` (grades have no sum, and a max of
 * their names would be alphabetical, not by gravity).
 */
export const FIELD_COLUMNS = ['severity', 'occurred_on'] as const;

/** The schema's patterns for `where` keys and `field`, from the same lists the checks use. */
export const WHERE_FIELD_PATTERN_SOURCE = `^(?:${WHERE_COLUMNS.join('|')}|${PAYLOAD_FIELD})$`;
export const FIELD_PATTERN_SOURCE = `^(?:${FIELD_COLUMNS.join('|')}|${PAYLOAD_FIELD})$`;
