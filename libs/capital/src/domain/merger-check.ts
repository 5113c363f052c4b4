import { fromFen, percentOf, toFen } from './money.util';

/**
 * Merger filing check (经营者集中申报标准): must a concentration be notified? The numbers are dated
 * rule data (rules/data/merger-thresholds.json); a deal is judged by the version in force on its date.
 * The law says "超过" (more than): a combined turnover exactly at a threshold does not meet it.
 */

export interface MergerThresholds {
  version: string;
  /** YYYY-MM-DD, Asia/Shanghai: in force from this date on. */
  effectiveFrom: string;
  instrument: string;
  /** Combined worldwide turnover of all parties, last financial year (yuan). */
  combinedGlobal: string;
  /** Combined turnover in China of all parties (yuan). */
  combinedChina: string;
  /** At least two parties must each have more than this in China (yuan). */
  eachOfTwoChina: string;
}

export interface MergerParty {
  uscc?: string;
  name: string;
  /** Decimal yuan, last financial year. */
  globalTurnover: string;
  chinaTurnover: string;
}

export interface MergerCheckResult {
  mustNotify: boolean;
  thresholds: { version: string; effectiveFrom: string; instrument: string };
  combined: { global: string; china: string };
  /** Parties whose China turnover is above `eachOfTwoChina`. */
  partiesAboveChinaThreshold: string[];
  /**
   * How close the deal comes to the filing thresholds, as a whole percent: the weaker of the two
   * prongs (turnover: the nearer of global and China; parties: the second-largest China turnover
   * against the per-party threshold). 100 or more on both prongs and strictly above: must notify.
   */
  proximityPercent: number;
  reasons: string[];
}

/** The version in force on `date` (YYYY-MM-DD): the latest effectiveFrom not after it. */
export function thresholdsOn(
  versions: readonly MergerThresholds[],
  date: string,
): MergerThresholds | undefined {
  let found: MergerThresholds | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  }
  return found;
}

export function checkMerger(parties: readonly MergerParty[], t: MergerThresholds): MergerCheckResult {
  const global = parties.reduce((sum, p) => sum + toFen(p.globalTurnover), 0n);
  const china = parties.reduce((sum, p) => sum + toFen(p.chinaTurnover), 0n);
  const G = toFen(t.combinedGlobal);
  const C = toFen(t.combinedChina);
  const P = toFen(t.eachOfTwoChina);
  const above = parties.filter((p) => toFen(p.chinaTurnover) > P);
  const turnoverMet = global > G || china > C;
  const partiesMet = above.length >= 2;
  const chinaSorted = parties.map((p) => toFen(p.chinaTurnover)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const second = chinaSorted[1] ?? 0n;
  const turnoverProng = Math.max(percentOf(global, G), percentOf(china, C));
  const partyProng = percentOf(second, P);
  const reasons: string[] = [];
  const yuan = (fen: bigint) => `¥${fromFen(fen)}`;
  reasons.push(
    global > G
      ? `combined worldwide turnover ${yuan(global)} is above ${yuan(G)}`
      : `combined worldwide turnover ${yuan(global)} is not above ${yuan(G)}`,
  );
  reasons.push(
    china > C
      ? `combined China turnover ${yuan(china)} is above ${yuan(C)}`
      : `combined China turnover ${yuan(china)} is not above ${yuan(C)}`,
  );
  reasons.push(
    partiesMet
      ? `${above.length} parties each have China turnover above ${yuan(P)} (${above.map((p) => p.name).join(', ')})`
      : `${above.length} part${above.length === 1 ? 'y has' : 'ies have'} China turnover above ${yuan(P)}; at least two are needed`,
  );
  const mustNotify = turnoverMet && partiesMet;
  reasons.push(
    mustNotify
      ? `must notify under ${t.instrument} (in force from ${t.effectiveFrom})`
      : `no filing duty under ${t.instrument} (in force from ${t.effectiveFrom}); below the thresholds a filing may still be required where the deal may eliminate or restrict competition`,
  );
  return {
    mustNotify,
    thresholds: { version: t.version, effectiveFrom: t.effectiveFrom, instrument: t.instrument },
    combined: { global: fromFen(global), china: fromFen(china) },
    partiesAboveChinaThreshold: above.map((p) => p.name),
    proximityPercent: Math.min(turnoverProng, partyProng),
    reasons,
  };
}
