import type { CreditRecordType, JsonObject, RiskRecordType, RiskSeverity } from '@app/persistence';

/** An enterprise row after validation and normalisation, ready to write. */
export interface EnterpriseRow {
  uscc: string;
  name: string;
  regionCode: string;
  industryCode: string;
  establishedOn: string;
  registeredCapital: string | null;
  size: 'micro' | 'small' | 'medium' | 'large' | null;
  tags: string[];
  isPlatform: boolean;
  platformMonthlyUsers: string | null;
  platformValuation: string | null;
  newBusinessForm: boolean;
}

export interface CreditRecordRow {
  uscc: string;
  type: CreditRecordType;
  severity: string | null;
  occurredOn: string;
  publicityUntil: string | null;
  source: string;
  sourceRecordId: string;
  repairedAt: string | null;
  payload: JsonObject;
}

export interface RiskRecordRow {
  uscc: string;
  type: RiskRecordType;
  severity: RiskSeverity;
  occurredAt: string;
  source: string;
  sourceRecordId: string;
  payload: JsonObject;
}

/** One problem with one input row; row numbers are 1-based as the sender counts them. */
export interface RowProblem {
  row: number;
  path: string;
  message: string;
}

export type ValidatedRecord =
  | { table: 'credit'; key: string; value: CreditRecordRow }
  | { table: 'risk'; key: string; value: RiskRecordRow };
