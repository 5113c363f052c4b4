/**
 * The closed lists of record types and severities, shared by the tables (libs/persistence), the
 * ingestion schemas and the rule-set fact catalog (libs/rules), so they can never drift apart.
 */
export const CREDIT_RECORD_TYPES = [
  'administrative_penalty',
  'abnormal_operation_listing',
  'serious_dishonesty_listing',
  'spot_check_result',
  'annual_report',
  'tax_credit_grade',
  'court_enforcement',
  'commendation',
  'license_revocation',
  /** A measure a regulator took (首违不罚, 行政指导, 行政约谈, 警示告诫, penalty), from POST /enforcement/measures. */
  'enforcement_measure',
  /** Algorithm filing (算法备案, Zhejiang §20): a platform's filing and its status (issue #14). */
  'algorithm_filing',
  /** A data-security finding about a platform (数据安全: assessment passed, incident, violation). */
  'data_security_record',
] as const;
export type CreditRecordType = (typeof CREDIT_RECORD_TYPES)[number];

export const RISK_RECORD_TYPES = [
  'complaint',
  'monitoring_alert',
  'public_opinion',
  'platform_risk_signal',
] as const;
export type RiskRecordType = (typeof RISK_RECORD_TYPES)[number];

export const CREDIT_SEVERITIES = ['minor', 'general', 'serious'] as const;
export const RISK_SEVERITIES = ['low', 'medium', 'high'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];
