import type { InvestmentEventKind } from '@app/domain';

export { INVESTMENT_EVENT_KINDS, type InvestmentEventKind } from '@app/domain';

/** Kinds that may be a concentration of undertakings (经营者集中): judged against the filing thresholds. */
export const CONCENTRATION_KINDS: readonly InvestmentEventKind[] = [
  'acquisition',
  'equity_stake',
  'asset_purchase',
  'merger',
  'joint_venture',
];

/** Kinds that count as an acquisition for serial-acquisition rules. */
export const ACQUISITION_KINDS: readonly InvestmentEventKind[] = [
  'acquisition',
  'equity_stake',
  'asset_purchase',
  'merger',
];

export const LIGHTS = ['red', 'yellow', 'green'] as const;
export type Light = (typeof LIGHTS)[number];

/** red > yellow > green. */
export function lightRank(light: Light): number {
  return light === 'red' ? 2 : light === 'yellow' ? 1 : 0;
}

export interface Turnover {
  /** Decimal yuan. */
  global: string;
  china: string;
}
