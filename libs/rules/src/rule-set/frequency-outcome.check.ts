import { ratioBasisPoints } from '@app/domain';
import { parseIsoDuration } from './iso-duration.util';
import { isRecord } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';

/**
 * Semantic checks of a frequency rule set (DOMAIN.md §2): the outcome's bands and caps, each
 * rule's `frequency` or `exclude` event, and that every tier gets a ratio, visits and interval from
 * some rule. A ratio of 0 is refused: no tier is exempt from random sampling (不免抽).
 */

export const FREQUENCY_EVENT_TYPES = ['frequency', 'exclude'] as const;
const POLICY_FIELDS = ['ratio', 'visitsPerYear', 'minIntervalDays'] as const;

export interface FrequencyContext {
  /** Tier → its band, when the outcome's bands could be read. */
  bands: Map<string, { index: number; minRatio?: number; maxRatio?: number }>;
  annualCap?: number;
  /** Tier → policy fields some rule sets for it. */
  covered: Map<string, Set<string>>;
}

export function checkFrequencyOutcome(outcome: unknown, report: Report): FrequencyContext {
  const context: FrequencyContext = { bands: new Map(), covered: new Map() };
  if (!isRecord(outcome)) return context;
  if (Array.isArray(outcome.bands)) {
    outcome.bands.forEach((band, i) => {
      if (!isRecord(band) || typeof band.tier !== 'string') return;
      const at = ['outcome', 'bands', i];
      if (context.bands.has(band.tier)) {
        report([...at, 'tier'], `tier ${JSON.stringify(band.tier)} has two bands`);
        return;
      }
      const min = typeof band.minRatio === 'number' ? band.minRatio : undefined;
      const max = typeof band.maxRatio === 'number' ? band.maxRatio : undefined;
      if (min !== undefined && max !== undefined && min > max) {
        // Reported once here; rules are not checked against a band that cannot hold anything.
        report([...at, 'minRatio'], `minRatio ${min} is above maxRatio ${max}`);
        context.bands.set(band.tier, { index: i });
      } else {
        context.bands.set(band.tier, { index: i, minRatio: min, maxRatio: max });
      }
    });
  }
  if (Number.isSafeInteger(outcome.annualCapPerAuthority))
    context.annualCap = outcome.annualCapPerAuthority as number;
  const window = outcome.noRepeatAfterHigherLevelCheck;
  if (typeof window === 'string' && !parseIsoDuration(window)) {
    report(
      ['outcome', 'noRepeatAfterHigherLevelCheck'],
      `invalid ISO-8601 duration ${JSON.stringify(window)}: use years, months, weeks or days, e.g. P3M`,
    );
  }
  return context;
}

export function checkFrequencyEvent(
  event: unknown,
  at: PathSegment[],
  context: FrequencyContext,
  report: Report,
): void {
  if (!isRecord(event) || typeof event.type !== 'string') return;
  const params = isRecord(event.params) ? event.params : {};
  if (event.type === 'exclude') return;
  if (event.type !== 'frequency') {
    report(
      [...at, 'type'],
      `frequency rules fire "frequency" (a tier's ratio, visits, interval) or "exclude" (out of random draws) events, not ${JSON.stringify(event.type)}`,
    );
    return;
  }
  const p = (key: string): PathSegment[] => [...at, 'params', key];
  const tier = params.tier;
  const band = typeof tier === 'string' ? context.bands.get(tier) : undefined;
  if (typeof tier !== 'string') {
    report(p('tier'), 'a frequency event names the tier it is about');
  } else if (!band && context.bands.size > 0) {
    report(
      p('tier'),
      `tier ${JSON.stringify(tier)} has no band in the outcome (${[...context.bands.keys()].join(', ')})`,
    );
  }
  const given = POLICY_FIELDS.filter((key) => params[key] !== undefined);
  if (given.length === 0) {
    report([...at, 'params'], `a frequency event sets at least one of ${POLICY_FIELDS.join(', ')}`);
  }
  if (params.ratio !== undefined) {
    const ratio = params.ratio;
    if (typeof ratio !== 'number' || ratioBasisPoints(ratio) === undefined || ratio === 0) {
      report(
        p('ratio'),
        ratio === 0
          ? 'a ratio of 0 would exempt the tier from random sampling: no tier is exempt (不免抽)'
          : 'ratio is a share above 0 and at most 1, with at most 4 decimals (0.03 = 3%)',
      );
    } else if (band?.minRatio !== undefined && band.maxRatio !== undefined) {
      if (ratio < band.minRatio || ratio > band.maxRatio) {
        report(
          p('ratio'),
          `ratio ${ratio} is outside tier ${String(tier)}'s band ${band.minRatio}–${band.maxRatio} (outcome.bands[${band.index}])`,
        );
      }
    }
  }
  const visits = params.visitsPerYear;
  if (visits !== undefined) {
    if (typeof visits !== 'number' || !Number.isFinite(visits) || visits <= 0) {
      report(p('visitsPerYear'), 'visitsPerYear is a number above 0 (0.5 = once every two years)');
    } else if (context.annualCap !== undefined && visits > context.annualCap) {
      report(
        p('visitsPerYear'),
        `${visits} visits a year exceed the annual cap of ${context.annualCap} per enterprise per authority`,
      );
    }
  }
  const interval = params.minIntervalDays;
  if (interval !== undefined && !(Number.isSafeInteger(interval) && (interval as number) >= 0)) {
    report(p('minIntervalDays'), 'minIntervalDays is a whole number of days ≥ 0');
  }
  if (typeof tier === 'string') {
    let covered = context.covered.get(tier);
    if (!covered) context.covered.set(tier, (covered = new Set()));
    for (const key of given) covered.add(key);
  }
}

/** After every rule: each band's tier needs every policy field from some rule. */
export function checkFrequencyCoverage(context: FrequencyContext, report: Report): void {
  for (const [tier, band] of context.bands) {
    const covered = context.covered.get(tier) ?? new Set<string>();
    const missing = POLICY_FIELDS.filter((key) => !covered.has(key));
    if (missing.length > 0) {
      report(
        ['outcome', 'bands', band.index, 'tier'],
        `no rule gives tier ${tier} its ${missing.join(', ')}: every tier needs them (A is sampled rarely, never "never")`,
      );
    }
  }
}
