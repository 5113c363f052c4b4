import { basisPoints, quotient } from '../exact-decimal';
import { UNASSESSED } from '../tally/simulation-tally';

/** One completed inspection with the tier a rule-set version gives its enterprise on its date. */
export interface ReplayedInspection {
  /** null: the version could not evaluate the enterprise's facts on that date. */
  tier: string | null;
  issuesFound: boolean;
}

export interface BacktestRow {
  tier: string;
  inspections: number;
  issuesFound: number;
  /** issuesFound / inspections as a decimal string with 4 places; null with no inspections. */
  detectionRate: string | null;
  /** The same in basis points (integer). */
  detectionRateBp: number | null;
}

/** Inspections done, issues found and the detection rate per tier, in tier order (every tier listed). */
export function backtestTable(
  items: readonly ReplayedInspection[],
  tierOrder: readonly string[],
): BacktestRow[] {
  const counts = new Map<string, { inspections: number; issuesFound: number }>();
  for (const t of tierOrder) counts.set(t, { inspections: 0, issuesFound: 0 });
  for (const item of items) {
    const tier = item.tier ?? UNASSESSED;
    const c = counts.get(tier) ?? { inspections: 0, issuesFound: 0 };
    c.inspections += 1;
    if (item.issuesFound) c.issuesFound += 1;
    counts.set(tier, c);
  }
  return [...counts].map(([tier, c]) => ({
    tier,
    inspections: c.inspections,
    issuesFound: c.issuesFound,
    detectionRate: quotient(c.issuesFound, c.inspections, 4),
    detectionRateBp: basisPoints(c.issuesFound, c.inspections),
  }));
}
