import { isRecord } from './json-guards.util';
import type { Report } from './problem-path.util';

/**
 * Semantic checks of a tiering outcome: tiers best first with strictly descending integer mins and a
 * catch-all last tier (min null), so that every possible score lands in exactly one tier. Returns the
 * tier names, which override events must use, or undefined when there is no tier list to check against.
 */
export function checkTieringOutcome(outcome: unknown, report: Report): string[] | undefined {
  if (!isRecord(outcome) || !Array.isArray(outcome.tiers)) return undefined;
  const tiers = outcome.tiers;
  const names: string[] = [];
  let previous: { min: number; tier: unknown } | undefined;
  tiers.forEach((entry, i) => {
    if (!isRecord(entry)) return;
    const at = ['outcome', 'tiers', i];
    if (typeof entry.tier === 'string') {
      if (names.includes(entry.tier))
        report([...at, 'tier'], `tier ${JSON.stringify(entry.tier)} is listed twice`);
      names.push(entry.tier);
    }
    const last = i === tiers.length - 1;
    const min = entry.min;
    if (last && typeof min === 'number') {
      report(
        [...at, 'min'],
        'the last tier must have min null, so that every score lower than the other mins still gets a tier',
      );
    } else if (!last && min === null) {
      report([...at, 'min'], 'only the last tier may have min null (it catches every lower score)');
    }
    if (typeof min !== 'number') return;
    if (previous && min >= previous.min) {
      report(
        [...at, 'min'],
        `tiers go best first with strictly descending mins: ${min} is not below ${previous.min} (tier ${JSON.stringify(previous.tier)})`,
      );
    }
    previous = { min, tier: entry.tier };
  });
  return names;
}
