import { fromFen, toFen } from './money.util';

/**
 * Platform grade (平台分级, DOMAIN.md §7): super, large or small-medium from the dated thresholds of
 * rules/data/platform-grades.json. A criterion whose figure is unknown is not met, and says so.
 */

export const PLATFORM_GRADES = ['super', 'large', 'small_medium'] as const;
export type PlatformGrade = (typeof PLATFORM_GRADES)[number];

export interface PlatformGradeThresholds {
  version: string;
  effectiveFrom: string;
  super: { minActiveUsers: string; minCoreBusinesses: number; minMarketValue: string };
  large: { minActiveUsers: string; minMarketValue: string };
  /** How often a super platform's risk assessment is due (ISO-8601 duration). */
  riskAssessmentEvery: string;
}

export interface PlatformMetrics {
  /** Whole number of active users (text: may exceed 2^53 in principle). */
  activeUsers: string | null;
  coreBusinesses: number | null;
  /** Decimal yuan. */
  marketValue: string | null;
}

export interface PlatformGradeResult {
  grade: PlatformGrade;
  reasons: string[];
  riskAssessment: { required: boolean; every: string | null };
  thresholds: { version: string; effectiveFrom: string };
}

const atLeast = (value: bigint | null, min: bigint) => value !== null && value >= min;

export function gradePlatform(m: PlatformMetrics, t: PlatformGradeThresholds): PlatformGradeResult {
  const users = m.activeUsers === null ? null : BigInt(m.activeUsers);
  const value = m.marketValue === null ? null : toFen(m.marketValue);
  const core = m.coreBusinesses;
  const fmtUsers = users === null ? 'unknown' : users.toString();
  const fmtValue = value === null ? 'unknown' : `¥${fromFen(value)}`;
  const line = (met: boolean, what: string, have: string, min: string) =>
    `${what} ${have} ${met ? 'meets' : 'does not meet'} ${min}`;

  const superUsers = atLeast(users, BigInt(t.super.minActiveUsers));
  const superCore = core !== null && core >= t.super.minCoreBusinesses;
  const superValue = atLeast(value, toFen(t.super.minMarketValue));
  const superReasons = [
    line(superUsers, 'active users', fmtUsers, `≥ ${t.super.minActiveUsers}`),
    line(
      superCore,
      'core businesses',
      core === null ? 'unknown' : String(core),
      `≥ ${t.super.minCoreBusinesses}`,
    ),
    line(superValue, 'market value', fmtValue, `≥ ¥${t.super.minMarketValue}`),
  ];
  const thresholds = { version: t.version, effectiveFrom: t.effectiveFrom };
  if (superUsers && superCore && superValue) {
    return {
      grade: 'super',
      reasons: [...superReasons, `super platform: a risk assessment is due every ${t.riskAssessmentEvery}`],
      riskAssessment: { required: true, every: t.riskAssessmentEvery },
      thresholds,
    };
  }
  const largeUsers = atLeast(users, BigInt(t.large.minActiveUsers));
  const largeValue = atLeast(value, toFen(t.large.minMarketValue));
  const largeReasons = [
    line(largeUsers, 'active users', fmtUsers, `≥ ${t.large.minActiveUsers}`),
    line(largeValue, 'market value', fmtValue, `≥ ¥${t.large.minMarketValue}`),
  ];
  const notSuper = `not super: ${superReasons.join('; ')}`;
  if (largeUsers && largeValue) {
    return {
      grade: 'large',
      reasons: [notSuper, ...largeReasons],
      riskAssessment: { required: false, every: null },
      thresholds,
    };
  }
  return {
    grade: 'small_medium',
    reasons: [notSuper, `not large: ${largeReasons.join('; ')}`],
    riskAssessment: { required: false, every: null },
    thresholds,
  };
}

/** The version in force on `date`. */
export function platformThresholdsOn(
  versions: readonly PlatformGradeThresholds[],
  date: string,
): PlatformGradeThresholds | undefined {
  let found: PlatformGradeThresholds | undefined;
  for (const v of versions)
    if (v.effectiveFrom <= date && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  return found;
}
