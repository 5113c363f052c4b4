import type { PopulationContext } from './population-context';
import type { Prng } from './prng.util';
import type { RecordWriter, SyntheticRiskRecordRow } from './record.writer';
import type { RiskProfile } from './risk-profile.util';
import type { EnterpriseSize, SyntheticEnterprise } from './synthetic-enterprise.factory';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SUMMARIES,
  MONITORING,
  OPINION_OUTLETS,
  OPINION_SUMMARIES,
  PLATFORM_EVIDENCE,
} from './synthetic-text.const';
import { WeightedTable } from './weighted-table.util';

type Severity = SyntheticRiskRecordRow['severity'];

/**
 * One enterprise's risk signals of the last two years: complaints, monitoring alerts, public
 * opinion and, for platforms, 公平在线 signals. Counts have a geometric tail and scale with how
 * consumer-facing and how large the enterprise is, which gives the long tail of busy enterprises.
 */

interface RiskPlan {
  /** Mean complaints of a small enterprise with exposure 1. */
  complaints: number;
  alerts: number;
  /** Chance of appearing in the news at all. */
  opinion: number;
  /** Mean platform risk signals, for platforms only. */
  platformSignals: number;
  /** Platforms draw this many times their user-driven base of complaints. */
  platformFactor: number;
  severity: WeightedTable<Severity>;
}

const severities = (low: number, medium: number, high: number): WeightedTable<Severity> =>
  WeightedTable.of<Severity>([
    ['low', low],
    ['medium', medium],
    ['high', high],
  ]);

const PLANS: Record<RiskProfile, RiskPlan> = {
  clean: {
    complaints: 2,
    alerts: 0.05,
    opinion: 0.01,
    platformSignals: 0.3,
    platformFactor: 1,
    severity: severities(80, 18, 2),
  },
  minor: {
    complaints: 3.5,
    alerts: 0.3,
    opinion: 0.03,
    platformSignals: 1,
    platformFactor: 1.5,
    severity: severities(70, 25, 5),
  },
  elevated: {
    complaints: 5,
    alerts: 1,
    opinion: 0.15,
    platformSignals: 2.5,
    platformFactor: 2.5,
    severity: severities(50, 38, 12),
  },
  severe: {
    complaints: 8,
    alerts: 2,
    opinion: 0.35,
    platformSignals: 4,
    platformFactor: 3.5,
    severity: severities(35, 40, 25),
  },
};

const SIZE_EXPOSURE: Record<EnterpriseSize, number> = { micro: 0.6, small: 1, medium: 2.5, large: 6 };
const PLATFORM_SIGNALS = [
  'forced_exclusivity',
  'price_discrimination',
  'below_cost_selling',
  'vertical_monopoly_agreement',
  'illegal_concentration',
] as const;
const PLATFORM_SEVERITY = severities(0, 60, 40);

/** A bound on one enterprise's signals, so a freak draw cannot make one enterprise a million rows. */
const MAX_PER_KIND = 2000;

export function writeRiskRecords(
  ctx: PopulationContext,
  prng: Prng,
  e: SyntheticEnterprise,
  w: RecordWriter,
): void {
  const plan = PLANS[e.profile];
  const lo = Math.max(ctx.riskWindowStart, e.establishedDay);
  // Strictly before asOf: an instant on asOf itself could be later than the validator's clock.
  const hi = ctx.asOfDay - 1;
  if (lo > hi) return;
  const group = e.industry.group;

  const complaintMean = e.isPlatform
    ? (10 + 20 * Math.log10(e.platformUsers / 1e5)) * plan.platformFactor
    : plan.complaints * e.industry.exposure * SIZE_EXPOSURE[e.size];
  for (let n = Math.min(MAX_PER_KIND, prng.geometric(complaintMean)); n > 0; n--) {
    w.risk('complaint', plan.severity.pick(prng), w.instant(prng.between(lo, hi), prng.nextUint32()), {
      channel: prng.pick(COMPLAINT_CHANNELS),
      category: prng.pick(COMPLAINT_CATEGORIES[group]),
      summary: prng.pick(COMPLAINT_SUMMARIES),
    });
  }

  // Online sellers are watched by the network-trade monitoring platform as well.
  const alertMean = plan.alerts * (group === 'online' ? 3 : 1) * (e.isPlatform ? 5 : 1);
  for (let n = Math.min(MAX_PER_KIND, prng.geometric(alertMean)); n > 0; n--) {
    const [system, indicator, summary] = prng.pick(MONITORING);
    w.risk('monitoring_alert', plan.severity.pick(prng), w.instant(prng.between(lo, hi), prng.nextUint32()), {
      system,
      indicator,
      summary,
    });
  }

  if (prng.chance(e.isPlatform || e.size === 'large' ? plan.opinion * 4 : plan.opinion)) {
    for (let n = 1 + prng.geometric(0.5); n > 0; n--) {
      w.risk('public_opinion', plan.severity.pick(prng), w.instant(prng.between(lo, hi), prng.nextUint32()), {
        outlet: prng.pick(OPINION_OUTLETS),
        summary: prng.pick(OPINION_SUMMARIES),
      });
    }
  }

  if (!e.isPlatform) return;
  for (let n = Math.min(MAX_PER_KIND, prng.geometric(plan.platformSignals)); n > 0; n--) {
    const signal = prng.int(PLATFORM_SIGNALS.length);
    w.risk(
      'platform_risk_signal',
      PLATFORM_SEVERITY.pick(prng),
      w.instant(prng.between(lo, hi), prng.nextUint32()),
      {
        signal: PLATFORM_SIGNALS[signal],
        evidence: PLATFORM_EVIDENCE[signal],
      },
    );
  }
}
