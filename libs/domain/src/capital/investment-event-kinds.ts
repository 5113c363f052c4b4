/** The kinds of investment event (资本"红绿灯"), shared by the stored events (libs/persistence) and the lights (libs/capital). */
export const INVESTMENT_EVENT_KINDS = [
  'acquisition',
  'equity_stake',
  'new_entity',
  'asset_purchase',
  'merger',
  'joint_venture',
] as const;
export type InvestmentEventKind = (typeof INVESTMENT_EVENT_KINDS)[number];
