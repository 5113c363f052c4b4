import { industrySection } from './industry-section.util';
import {
  ACQUISITION_KINDS,
  CONCENTRATION_KINDS,
  InvestmentEventKind,
  Turnover,
} from './investment-event.types';
import { checkMerger, MergerCheckResult, MergerThresholds, thresholdsOn } from './merger-check';
import { matchFinanceTerms, matchIndustry, NegativeList, NegativeListMatch } from './negative-list';

/**
 * The facts an investment-light rule set sees for one event (the `event.*` and `group.*` context
 * attributes of the fact catalog), and the evidence behind each: which negative-list items and
 * words matched, the merger check under the thresholds of the event's date, the group counted.
 */

export interface LightEventInput {
  kind: InvestmentEventKind;
  occurredOn: string;
  investorName: string;
  targetName: string | null;
  targetIndustryCode: string | null;
  /** The target is a registered enterprise tagged `financial_licence`. */
  targetFinancialLicence: boolean;
  notified: boolean;
  investorTurnover: Turnover | null;
  targetTurnover: Turnover | null;
}

export interface GroupView {
  /** The ultimate controller(s) and every entity they control on the event date. */
  members: string[];
  /** GB/T 4754 sections of the registered members' industries: the group's core business. */
  coreSections: string[];
  /** Acquisitions by any member within the serial window ending on the event date (this one included). */
  acquisitionsInWindow: number;
  /** The events counted (ids), for the evidence. */
  acquisitionIds: string[];
  window: string;
}

export interface LightEvidence {
  negativeList: { edition: string; matches: NegativeListMatch[] };
  financeTerms: NegativeListMatch[];
  merger: MergerCheckResult | { skipped: string };
  targetSection: string | null;
  group: GroupView;
}

export type LightAttributes = Record<string, number | boolean | string>;

export function deriveLightFacts(
  event: LightEventInput,
  group: GroupView,
  list: NegativeList,
  thresholds: readonly MergerThresholds[],
): { attributes: LightAttributes; evidence: LightEvidence } {
  const industry = matchIndustry(list, event.targetIndustryCode);
  const terms = event.targetFinancialLicence ? [] : matchFinanceTerms(list, event.targetName);
  const section = industrySection(event.targetIndustryCode) ?? null;
  const merger = mergerOf(event, thresholds);
  const isAcquisition = (ACQUISITION_KINDS as readonly string[]).includes(event.kind);
  const attributes: LightAttributes = {
    'event.kind': event.kind,
    'event.negative_list_prohibited': industry.some((m) => m.category === 'prohibited'),
    'event.negative_list_permit': industry.some((m) => m.category === 'permit'),
    'event.unlicensed_finance_terms': terms.length > 0,
    'event.must_notify': 'mustNotify' in merger ? merger.mustNotify : false,
    'event.notified': event.notified,
    'event.threshold_proximity_percent': 'proximityPercent' in merger ? merger.proximityPercent : 0,
    // Without a known section (no code) or a known core business, nothing is "cross".
    'event.cross_industry':
      section !== null && group.coreSections.length > 0 && !group.coreSections.includes(section),
    'event.target_financial_institution': section === 'J',
    'group.acquisitions_in_window': isAcquisition ? group.acquisitionsInWindow : 0,
  };
  return {
    attributes,
    evidence: {
      negativeList: { edition: list.edition, matches: industry },
      financeTerms: terms,
      merger,
      targetSection: section,
      group,
    },
  };
}

function mergerOf(
  event: LightEventInput,
  versions: readonly MergerThresholds[],
): MergerCheckResult | { skipped: string } {
  if (!(CONCENTRATION_KINDS as readonly string[]).includes(event.kind))
    return { skipped: `a ${event.kind} is not a concentration of undertakings` };
  if (!event.investorTurnover || !event.targetTurnover)
    return { skipped: 'investorTurnover and targetTurnover are needed for the filing check' };
  const t = thresholdsOn(versions, event.occurredOn);
  if (!t) return { skipped: `no filing thresholds in force on ${event.occurredOn}` };
  return checkMerger(
    [
      {
        name: event.investorName,
        globalTurnover: event.investorTurnover.global,
        chinaTurnover: event.investorTurnover.china,
      },
      {
        name: event.targetName ?? 'target',
        globalTurnover: event.targetTurnover.global,
        chinaTurnover: event.targetTurnover.china,
      },
    ],
    t,
  );
}
