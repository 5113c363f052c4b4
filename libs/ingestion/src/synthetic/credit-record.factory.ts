import type { PopulationContext } from './population-context';
import type { Prng } from './prng.util';
import type { RecordWriter } from './record.writer';
import type { RiskProfile } from './risk-profile.util';
import { addMonths, dayOfYmd } from './synthetic-calendar.util';
import type { SyntheticEnterprise } from './synthetic-enterprise.factory';
import {
  COMMENDATIONS,
  LICENCE_TYPES,
  PENALTY_ITEMS,
  SERIOUS_LISTING_REASONS,
  SPOT_CHECK_FINDINGS,
  SPOT_CHECK_ITEMS,
} from './synthetic-text.const';
import { WeightedTable } from './weighted-table.util';

/**
 * One enterprise's credit records (DOMAIN.md §1, §5), shaped by its hidden risk profile: clean ones
 * file their reports and pay their taxes, minor ones have one small blemish in three years,
 * elevated ones collect penalties and the abnormal-operation list, severe ones a heavier penalty
 * and the serious dishonesty list. Dates fall in the last five years, never before the enterprise
 * was established nor after asOf.
 */

type Severity = 'minor' | 'general' | 'serious';
type Payload = Record<string, unknown>;

interface CreditPlan {
  /** Chance that a due annual report was never filed. */
  missedReport: number;
  taxGrades: WeightedTable<string>;
  /** Chance of an abnormal-operation listing, and that it was lifted since. */
  abnormal: number;
  abnormalLifted: number;
  /** Chance of a spot check, and that it failed. */
  spotCheck: number;
  spotCheckFails: number;
}

const PLANS: Record<RiskProfile, CreditPlan> = {
  clean: {
    missedReport: 0.005,
    taxGrades: WeightedTable.of([
      ['A', 55],
      ['B', 40],
      ['M', 5],
    ]),
    abnormal: 0,
    abnormalLifted: 0.25,
    spotCheck: 0.12,
    spotCheckFails: 0,
  },
  minor: {
    missedReport: 0.03,
    taxGrades: WeightedTable.of([
      ['A', 25],
      ['B', 55],
      ['M', 15],
      ['C', 5],
    ]),
    abnormal: 0,
    abnormalLifted: 0.25,
    spotCheck: 0.1,
    spotCheckFails: 0,
  },
  elevated: {
    missedReport: 0.08,
    taxGrades: WeightedTable.of([
      ['B', 30],
      ['M', 40],
      ['C', 27],
      ['D', 3],
    ]),
    // Mostly still listed: the list holds an elevated enterprise at C at best (DOMAIN.md §1).
    abnormal: 0.85,
    abnormalLifted: 0.1,
    spotCheck: 0.3,
    spotCheckFails: 0.5,
  },
  severe: {
    missedReport: 0.3,
    taxGrades: WeightedTable.of([
      ['M', 10],
      ['C', 45],
      ['D', 45],
    ]),
    abnormal: 0.4,
    abnormalLifted: 0.25,
    spotCheck: 0.6,
    spotCheckFails: 0.9,
  },
};

const MEASURES: Record<Severity, WeightedTable<string>> = {
  minor: WeightedTable.of([
    ['warning', 40],
    ['fine', 60],
  ]),
  general: WeightedTable.of([
    ['fine', 70],
    ['confiscation', 15],
    ['suspension', 8],
    ['warning', 7],
  ]),
  serious: WeightedTable.of([
    ['fine', 45],
    ['confiscation', 15],
    ['suspension', 15],
    ['revocation', 10],
    ['restriction', 8],
    ['qualification_lowered', 7],
  ]),
};

// Fines in yuan, drawn as a multiple of a step: [step, lowest multiple, highest multiple].
const FINES: Record<Severity, readonly [number, number, number]> = {
  minor: [100, 5, 50],
  general: [1000, 5, 200],
  serious: [10000, 20, 500],
};

/** Measures DOMAIN.md §5 never lets an enterprise repair early. */
const REPAIRABLE = new Set(['warning', 'fine', 'confiscation']);
const REPAIR_CHANCE: Record<Severity, number> = { minor: 0.1, general: 0.35, serious: 0.2 };

const ABNORMAL_REASONS = WeightedTable.of([
  ['unreachable_address', 60],
  ['disclosure_missing', 30],
  ['false_information', 10],
]);

interface AbnormalListing {
  reason: string;
  listedOn: number;
  removedOn?: number;
  /** The report year whose missing report put the enterprise on the list. */
  missedYear?: number;
}

/** SAMR Order 107 (2025-12-25) replaced the 2021 publicity periods. */
const ORDER_107 = dayOfYmd(2025, 12, 25);

export function writeCreditRecords(
  ctx: PopulationContext,
  prng: Prng,
  e: SyntheticEnterprise,
  w: RecordWriter,
): void {
  const plan = PLANS[e.profile];
  const hi = ctx.asOfDay;
  const lo5 = Math.max(ctx.fiveYearsAgo, e.establishedDay);
  const lo3 = Math.max(ctx.threeYearsAgo, e.establishedDay);
  const establishedYear = ctx.days.year(e.establishedDay);
  const firstReportYear = Math.max(establishedYear, ctx.asOfYear - 5);

  // Decided before the reports are written, because a listing for a missing report makes that
  // report missing: the two must tell the same story.
  const listing = prng.chance(plan.abnormal)
    ? drawListing(ctx, prng, firstReportYear, lo5, plan.abnormalLifted)
    : undefined;

  for (let year = firstReportYear; year < ctx.asOfYear; year++) {
    const deadline = dayOfYmd(year + 1, 6, 30);
    if (listing?.missedYear === year) {
      if (listing.removedOn === undefined) {
        w.credit('annual_report', deadline, { year }, { key: year });
      } else {
        // Filed late, a few days before the listing was lifted for it.
        const filed = Math.max(listing.listedOn, listing.removedOn - prng.between(1, 5));
        w.credit('annual_report', filed, { year, filedOn: ctx.days.format(filed) }, { key: year });
      }
    } else if (deadline <= hi && prng.chance(plan.missedReport)) {
      w.credit('annual_report', deadline, { year }, { key: year });
    } else {
      const filed = prng.between(dayOfYmd(year + 1, 1, 1), deadline);
      // Not filed yet, and not due yet either: no record.
      if (filed <= hi)
        w.credit('annual_report', filed, { year, filedOn: ctx.days.format(filed) }, { key: year });
    }
  }
  if (listing) {
    const payload: Payload = { reason: listing.reason, listedOn: ctx.days.format(listing.listedOn) };
    if (listing.removedOn !== undefined) payload.removedOn = ctx.days.format(listing.removedOn);
    w.credit('abnormal_operation_listing', listing.listedOn, payload);
  }

  // Tax credit grades of year Y are published in April of Y+1; an enterprise in its first year is 'M'.
  const lastTaxYear = hi >= dayOfYmd(ctx.asOfYear, 4, 30) ? ctx.asOfYear - 1 : ctx.asOfYear - 2;
  const taxYears = 1 + prng.int(3);
  for (let year = Math.max(establishedYear, lastTaxYear - taxYears + 1); year <= lastTaxYear; year++) {
    const newcomer = year === establishedYear && (e.profile === 'clean' || e.profile === 'minor');
    const grade = newcomer ? 'M' : plan.taxGrades.pick(prng);
    w.credit('tax_credit_grade', dayOfYmd(year + 1, 4, prng.between(1, 30)), { grade, year }, { key: year });
  }

  if (prng.chance(plan.spotCheck))
    spotCheck(ctx, prng, e, w, prng.between(lo5, hi), prng.chance(plan.spotCheckFails));

  switch (e.profile) {
    case 'clean':
      if (e.establishedDay <= hi - 730 && prng.chance(0.06)) {
        const [title, level] = prng.pick(COMMENDATIONS);
        w.credit('commendation', prng.between(lo5, hi), { title, level });
      }
      break;
    case 'minor':
      // One blemish in three years: a small penalty or a failed spot check.
      if (prng.chance(0.6))
        penalty(ctx, prng, e, w, prng.chance(0.55) ? 'minor' : 'general', prng.between(lo3, hi));
      else spotCheck(ctx, prng, e, w, prng.between(lo3, hi), true);
      break;
    case 'elevated': {
      // Recent enough to count (the default rules look back 3 years for general penalties), and
      // rarely serious: an elevated enterprise should land in C, not B or D.
      // One not held at C by the abnormal-operation list has a second penalty and a failed spot check.
      const listed = listing !== undefined && listing.removedOn === undefined;
      for (let n = listed ? 1 + prng.int(2) : 2; n > 0; n--)
        penalty(ctx, prng, e, w, 'general', prng.between(lo3, hi));
      if (prng.chance(0.03)) penalty(ctx, prng, e, w, 'serious', prng.between(lo5, hi));
      if (prng.chance(0.25))
        for (let n = prng.chance(0.3) ? 2 : 1; n > 0; n--) courtCase(ctx, prng, e, w, lo5);
      if (!listed && prng.chance(0.85)) spotCheck(ctx, prng, e, w, prng.between(lo3, hi), true);
      break;
    }
    case 'severe': {
      const day = prng.between(lo5, hi);
      const measure = penalty(ctx, prng, e, w, 'serious', day, true);
      if (prng.chance(0.3)) penalty(ctx, prng, e, w, 'serious', prng.between(lo5, hi), true);
      for (let n = prng.int(3); n > 0; n--) penalty(ctx, prng, e, w, 'general', prng.between(lo5, hi));
      // Listed after, and because of, the heavier penalty (DOMAIN.md §5).
      if (prng.chance(0.8)) seriousListing(ctx, prng, w, Math.min(hi, day + prng.between(10, 180)));
      if (measure === 'revocation' || prng.chance(0.25)) {
        revocation(prng, e, w, Math.min(hi, day + prng.between(0, 30)));
      }
      if (prng.chance(0.6)) for (let n = 1 + prng.int(2); n > 0; n--) courtCase(ctx, prng, e, w, lo5);
      break;
    }
  }
}

function drawListing(
  ctx: PopulationContext,
  prng: Prng,
  firstReportYear: number,
  lo5: number,
  lifted: number,
): AbnormalListing {
  const hi = ctx.asOfDay;
  // The latest report year whose deadline (30 June of the next year) has passed.
  const lastDueYear = hi >= dayOfYmd(ctx.asOfYear, 6, 30) ? ctx.asOfYear - 1 : ctx.asOfYear - 2;
  let listing: AbnormalListing;
  if (lastDueYear >= firstReportYear && prng.chance(0.6)) {
    const missedYear = prng.between(firstReportYear, lastDueYear);
    const deadline = dayOfYmd(missedYear + 1, 6, 30);
    // Listed in the weeks after the deadline passed.
    const listedOn = Math.min(hi, deadline + prng.between(1, 45));
    listing = { reason: 'annual_report_missing', listedOn, missedYear };
  } else {
    listing = { reason: ABNORMAL_REASONS.pick(prng), listedOn: prng.between(lo5, hi) };
  }
  // Some cured their problem and were removed (after at least a few days on the list).
  if (listing.listedOn + 10 <= hi && prng.chance(lifted)) {
    listing.removedOn = prng.between(listing.listedOn + 10, hi);
  }
  return listing;
}

/** Writes a penalty and returns its measure. */
function penalty(
  ctx: PopulationContext,
  prng: Prng,
  e: SyntheticEnterprise,
  w: RecordWriter,
  severity: Severity,
  day: number,
  heavier = false,
): string {
  const measure = MEASURES[severity].pick(prng);
  const payload: Payload = { measure };
  let amount = 0;
  if (measure === 'fine' || measure === 'confiscation') {
    const [step, low, high] = FINES[severity];
    amount = step * prng.between(low, high);
    payload.amount = amount + '.00';
  }
  if (heavier) payload.heavier = true;
  payload.decisionNo =
    e.region.decisionPrefix + '〔' + ctx.days.year(day) + '〕' + prng.between(1, 9999) + '号';
  payload.authority = e.region.authority;
  payload.item = prng.pick(PENALTY_ITEMS[e.industry.group]);

  const publicityUntil = publicityEnd(day, severity, measure, amount);
  let repairedAt: string | undefined;
  if (publicityUntil !== undefined && REPAIRABLE.has(measure) && prng.chance(REPAIR_CHANCE[severity])) {
    // Repair may be applied for after 6 months (12 for serious ones and for food and drugs under the
    // 2021 rules); the decision follows weeks to months later. Only a penalty still public needs it.
    const strict = severity === 'serious' || e.industry.group === 'food' || e.industry.group === 'drug';
    const repairDay = addMonths(day, strict ? 12 : 6) + prng.between(7, 120);
    // Strictly before asOf: an instant on asOf itself could be later than the validator's clock.
    if (repairDay < ctx.asOfDay && repairDay < publicityUntil)
      repairedAt = w.instant(repairDay, prng.int(600) + 60);
  }
  w.credit('administrative_penalty', day, payload, { severity, publicityUntil, repairedAt });
  return measure;
}

/** When the penalty stops being published: the 2021 rules before Order 107, its grades after. */
function publicityEnd(day: number, severity: Severity, measure: string, amount: number): number | undefined {
  const lowFine = measure === 'fine' && amount < 10000;
  if (day < ORDER_107) return addMonths(day, measure === 'warning' || lowFine ? 3 : 36);
  if (severity === 'minor') return measure === 'warning' ? undefined : addMonths(day, 3);
  return addMonths(day, severity === 'general' ? 12 : 36);
}

function spotCheck(
  ctx: PopulationContext,
  prng: Prng,
  e: SyntheticEnterprise,
  w: RecordWriter,
  day: number,
  failed: boolean,
): void {
  const payload: Payload = {
    result: failed ? 'fail' : 'pass',
    items: prng.pick(SPOT_CHECK_ITEMS[e.industry.group]).slice(),
    planId: 'SJ' + ctx.days.year(day) + '-' + e.region.code + '-' + (1 + prng.int(12)),
  };
  if (failed) payload.findings = prng.pick(SPOT_CHECK_FINDINGS);
  w.credit('spot_check_result', day, payload);
}

function courtCase(
  ctx: PopulationContext,
  prng: Prng,
  e: SyntheticEnterprise,
  w: RecordWriter,
  lo: number,
): void {
  const hi = ctx.asOfDay;
  const day = prng.between(lo, hi);
  const payload: Payload = {
    caseNo: '（' + ctx.days.year(day) + '）' + e.region.casePrefix + '执' + prng.between(100, 9999) + '号',
    court: e.region.court,
    amount: prng.between(2, 500) * 1000 + '.00',
  };
  if (day + 30 <= hi && prng.chance(0.4)) payload.resolvedOn = ctx.days.format(prng.between(day + 30, hi));
  w.credit('court_enforcement', day, payload);
}

function seriousListing(ctx: PopulationContext, prng: Prng, w: RecordWriter, listedOn: number): void {
  const payload: Payload = {
    listedOn: ctx.days.format(listedOn),
    reason: prng.pick(SERIOUS_LISTING_REASONS),
  };
  // Three years by default; early removal may be applied for after one year, and a few succeed.
  if (listedOn + 365 <= ctx.asOfDay && prng.chance(0.1)) {
    payload.removedOn = ctx.days.format(prng.between(listedOn + 365, ctx.asOfDay));
  }
  w.credit('serious_dishonesty_listing', listedOn, payload, { publicityUntil: addMonths(listedOn, 36) });
}

function revocation(prng: Prng, e: SyntheticEnterprise, w: RecordWriter, day: number): void {
  const [licenseType, prefix] = prng.pick(LICENCE_TYPES[e.industry.group]);
  w.credit('license_revocation', day, {
    licenseType,
    licenseNo: prefix + e.region.code + prng.between(1_000_000, 9_999_999),
  });
}
