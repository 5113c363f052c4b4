import { INVESTMENT_EVENT_KINDS } from '../domain/investment-event.types';

/**
 * Row schemas of POST /investment-events and POST /ownership-links, in the ingestion format
 * (docs/ingestion.md): the same formats and messages as records; CSV uses dotted columns
 * (`investorTurnover.china`, `platformMetrics.monthlyActiveUsers`). Money is an exact decimal of yuan.
 */

type Schema = Record<string, unknown>;
const text = (maxLength: number): Schema => ({ type: 'string', minLength: 1, maxLength });
const decimal: Schema = { type: 'string', format: 'decimal' };
const percent: Schema = { type: 'string', pattern: '^(100(\\.0{1,4})?|\\d{1,2}(\\.\\d{1,4})?)$' };
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const turnover = object({ global: decimal, china: decimal }, ['global', 'china']);

export const INVESTMENT_EVENT_ROW_SCHEMA = object(
  {
    uscc: { type: 'string', format: 'uscc' },
    kind: { type: 'string', enum: [...INVESTMENT_EVENT_KINDS] },
    targetUscc: { type: 'string', format: 'uscc' },
    targetName: text(500),
    targetIndustryCode: { type: 'string', format: 'industry' },
    stakePercent: percent,
    amount: decimal,
    investorTurnover: turnover,
    targetTurnover: turnover,
    occurredOn: { type: 'string', format: 'local-date' },
    notified: { type: 'boolean' },
    platformMetrics: object({
      monthlyActiveUsers: { type: 'string', pattern: '^\\d{1,15}$' },
      coreBusinesses: { type: 'string', pattern: '^\\d{1,3}$' },
      marketValue: decimal,
    }),
    source: text(64),
    sourceRecordId: text(128),
  },
  ['uscc', 'kind', 'occurredOn', 'source', 'sourceRecordId'],
);

export const OWNERSHIP_LINK_ROW_SCHEMA = object(
  {
    parentUscc: { type: 'string', format: 'uscc' },
    childUscc: { type: 'string', format: 'uscc' },
    stakePercent: percent,
    from: { type: 'string', format: 'local-date' },
    to: { type: 'string', format: 'local-date' },
    source: text(64),
    sourceRecordId: text(128),
  },
  ['parentUscc', 'childUscc', 'stakePercent', 'from', 'source', 'sourceRecordId'],
);

export interface InvestmentEventRow {
  uscc: string;
  kind: (typeof INVESTMENT_EVENT_KINDS)[number];
  targetUscc?: string;
  targetName?: string;
  targetIndustryCode?: string;
  stakePercent?: string;
  amount?: string;
  investorTurnover?: { global: string; china: string };
  targetTurnover?: { global: string; china: string };
  occurredOn: string;
  notified?: boolean;
  platformMetrics?: { monthlyActiveUsers?: string; coreBusinesses?: string; marketValue?: string };
  source: string;
  sourceRecordId: string;
}

export interface OwnershipLinkRow {
  parentUscc: string;
  childUscc: string;
  stakePercent: string;
  from: string;
  to?: string;
  source: string;
  sourceRecordId: string;
}
