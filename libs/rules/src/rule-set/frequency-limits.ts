import { DomainError, ErrorCode, ErrorDetail, ratioBasisPoints, StratumSpec } from '@app/domain';
import { epochDayOf } from './epoch-day.util';
import type { FrequencyPolicy } from './frequency-policy';
import { windowBounds } from './iso-duration.util';
import type { FrequencyOutcomeSpec } from './rule-set.types';

/**
 * The frequency rule set's limits that a plan service applies around the pure draw (DOMAIN.md §2):
 * a plan's per-tier ratio overrides against the published bands, and whether one enterprise may
 * enter a random draw at all given its inspection history (observation period, minimum interval,
 * annual cap per authority, no repeat after a higher-level check).
 */

/** General items are capped by the bands; key items (safety, quality, public interest) may not be. */
export type PlanItems = 'general' | 'key';

/**
 * Problems with a plan's strata (paths `strata[i]…`): a ratio outside its tier's band — above the
 * band's maximum is allowed for key items when the rule set leaves them uncapped — or a tier with no
 * band. `count` strata (directed draws of a named category) are not ratios and are not checked.
 */
export function checkPlanStrata(
  outcome: FrequencyOutcomeSpec,
  strata: readonly StratumSpec[],
  items: PlanItems,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const uncapped = items === 'key' && outcome.keyItemsUncapped;
  strata.forEach((stratum, i) => {
    if (stratum.ratio === undefined) return;
    const band = outcome.bands.find((b) => b.tier === stratum.tier);
    if (!band) {
      problems.push({
        path: `strata[${i}].tier`,
        message: `tier ${stratum.tier} has no band in the frequency rule set`,
      });
      return;
    }
    const at = `strata[${i}].ratio`;
    if (ratioBasisPoints(stratum.ratio) === undefined || stratum.ratio === 0) {
      problems.push({
        path: at,
        message: 'a ratio is above 0 and at most 1, with at most 4 decimals (不免抽)',
      });
    } else if (stratum.ratio < band.minRatio) {
      problems.push({
        path: at,
        message: `${stratum.ratio} is below tier ${band.tier}'s band ${band.minRatio}–${band.maxRatio}`,
      });
    } else if (stratum.ratio > band.maxRatio && !uncapped) {
      problems.push({
        path: at,
        message: `${stratum.ratio} is above tier ${band.tier}'s band ${band.minRatio}–${band.maxRatio}${
          items === 'key' ? ' (key items are capped by this rule set)' : ' for general items'
        }`,
      });
    }
  });
  return problems;
}

/** What the plan service knows of one enterprise's inspections (dates are Asia/Shanghai YYYY-MM-DD). */
export interface InspectionHistory {
  /** The enterprise's last random (双随机) inspection. */
  lastRandomInspectionOn?: string;
  /** Inspections of the enterprise by the plan's authority so far in the plan's calendar year. */
  inspectionsThisYearByAuthority: number;
  /** The last higher-level check of the plan's items at the enterprise. */
  lastHigherLevelCheckOn?: string;
}

export type IneligibleCode = 'excluded' | 'min_interval' | 'annual_cap' | 'higher_level_check';

export interface DrawEligibility {
  eligible: boolean;
  /** Every reason it may not enter the draw (empty when eligible). */
  reasons: { code: IneligibleCode; message: string }[];
}

type EligibilityPolicy = Pick<
  FrequencyPolicy,
  | 'excludedFromRandomDraw'
  | 'reasons'
  | 'minIntervalDays'
  | 'annualCapPerAuthority'
  | 'noRepeatAfterHigherLevelCheck'
>;

/**
 * Whether an enterprise may enter a random draw on `planDate` (the batch's draw date). Triggered
 * inspections are never subject to these limits.
 */
export function randomDrawEligibility(
  policy: EligibilityPolicy,
  history: InspectionHistory,
  planDate: string,
): DrawEligibility {
  const today = day(planDate, 'planDate');
  const reasons: DrawEligibility['reasons'] = [];
  if (policy.excludedFromRandomDraw) {
    reasons.push({ code: 'excluded', message: policy.reasons.map((r) => r.reason).join('; ') || 'excluded' });
  }
  if (history.lastRandomInspectionOn !== undefined) {
    const since = today - day(history.lastRandomInspectionOn, 'lastRandomInspectionOn');
    if (since < policy.minIntervalDays) {
      reasons.push({
        code: 'min_interval',
        message: `last random inspection ${history.lastRandomInspectionOn}, ${since} day(s) ago; at least ${policy.minIntervalDays} apart`,
      });
    }
  }
  if (history.inspectionsThisYearByAuthority >= policy.annualCapPerAuthority) {
    reasons.push({
      code: 'annual_cap',
      message: `${history.inspectionsThisYearByAuthority} inspection(s) by this authority this year; the cap is ${policy.annualCapPerAuthority} (merge or inspect jointly)`,
    });
  }
  if (history.lastHigherLevelCheckOn !== undefined) {
    day(history.lastHigherLevelCheckOn, 'lastHigherLevelCheckOn');
    const { after } = windowBounds(planDate, policy.noRepeatAfterHigherLevelCheck);
    if (history.lastHigherLevelCheckOn > after && history.lastHigherLevelCheckOn <= planDate) {
      reasons.push({
        code: 'higher_level_check',
        message: `a higher-level check of the same items on ${history.lastHigherLevelCheckOn}, within ${policy.noRepeatAfterHigherLevelCheck}`,
      });
    }
  }
  return { eligible: reasons.length === 0, reasons };
}

function day(date: string, what: string): number {
  const value = epochDayOf(date);
  if (value === undefined) {
    throw new DomainError(ErrorCode.ValidationFailed, `${what} must be a date YYYY-MM-DD`, [
      { path: what, message: `not a date: ${JSON.stringify(date)}` },
    ]);
  }
  return value;
}
