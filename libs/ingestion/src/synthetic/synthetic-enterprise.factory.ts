import { makeUscc, USCC_ALPHABET } from '@app/domain';
import type { PopulationContext } from './population-context';
import { deriveSeed, Prng } from './prng.util';
import { drawProfile, RiskProfile } from './risk-profile.util';
import {
  INDUSTRY_TABLE,
  NEW_BUSINESS_FORM_TABLE,
  PLATFORM_TABLE,
  SyntheticIndustry,
} from './synthetic-industry.const';
import { REGION_TABLE, SyntheticRegion } from './synthetic-region.const';
import { BRAND_CHARACTERS } from './synthetic-text.const';
import { WeightedTable } from './weighted-table.util';

export type EnterpriseSize = 'micro' | 'small' | 'medium' | 'large';

/** An enterprise row as the ingestion endpoints accept it (ENTERPRISE_ROW_SCHEMA). */
export type SyntheticEnterpriseRow = {
  uscc: string;
  name: string;
  regionCode: string;
  industryCode: string;
  establishedOn: string;
  registeredCapital: string;
  size: EnterpriseSize;
  tags: string[];
  isPlatform?: boolean;
  platformMonthlyUsers?: string;
  platformValuation?: string;
  newBusinessForm?: boolean;
};

/** An enterprise row plus the facts its records are generated from, some of them hidden. */
export interface SyntheticEnterprise {
  index: number;
  uscc: string;
  region: SyntheticRegion;
  industry: SyntheticIndustry;
  establishedDay: number;
  size: EnterpriseSize;
  profile: RiskProfile;
  isPlatform: boolean;
  /** 0 unless a platform. */
  platformUsers: number;
  row: SyntheticEnterpriseRow;
}

/**
 * Body prefix of every synthetic organisation code. The demo seeds and real new registrations use
 * 'MA…'; a different first character keeps synthetic codes from ever colliding with them, and the
 * seven base-31 digits after it number 27 billion enterprises without a collision among themselves.
 */
export const SYNTHETIC_BODY_PREFIX = 'Y';

const PLATFORM_SHARE = 0.003;
const NEW_BUSINESS_FORM_SHARE = 0.03;

const SIZE_TABLE = WeightedTable.of<EnterpriseSize>([
  ['micro', 55],
  ['small', 30],
  ['medium', 12],
  ['large', 3],
]);
const NEW_BUSINESS_FORM_SIZES = WeightedTable.of<EnterpriseSize>([
  ['micro', 50],
  ['small', 40],
  ['medium', 10],
]);

// Registered capital in units of 10,000 yuan (万元), the unit business licences state it in.
const CAPITAL_WAN: Record<EnterpriseSize, readonly number[]> = {
  micro: [3, 5, 10, 10, 20, 30, 50, 50, 100],
  small: [100, 200, 300, 500, 500, 800, 1000],
  medium: [1000, 2000, 3000, 5000, 5000, 8000, 10000],
  large: [10000, 20000, 50000, 50000, 100000, 200000, 500000],
};

const ORG_FORMS = WeightedTable.of([
  ['有限公司', 85],
  ['有限责任公司', 10],
  ['股份有限公司', 5],
]);

/** Index → 7 base-31 digits, the tail of the organisation-code body. */
export function syntheticOrgBody(index: number): string {
  let body = '';
  let rest = index;
  for (let i = 0; i < 7; i++) {
    body = USCC_ALPHABET[rest % 31] + body;
    rest = Math.floor(rest / 31);
  }
  return SYNTHETIC_BODY_PREFIX + body;
}

/**
 * Enterprise `index` of the population. Reseeds `prng` from (seed, index) and leaves it positioned
 * for the enterprise's records, so records are drawn from the same per-enterprise stream.
 */
export function buildEnterprise(ctx: PopulationContext, prng: Prng, index: number): SyntheticEnterprise {
  prng.reseed(deriveSeed(ctx.seed, index));
  // Draw order is part of the output: appending a draw changes nothing before it, reordering does.
  const profile = drawProfile(prng);
  const kind = prng.float();
  const isPlatform = kind < PLATFORM_SHARE;
  const newBusinessForm = !isPlatform && kind < PLATFORM_SHARE + NEW_BUSINESS_FORM_SHARE;
  const region = REGION_TABLE.pick(prng);
  const industry = (
    isPlatform ? PLATFORM_TABLE : newBusinessForm ? NEW_BUSINESS_FORM_TABLE : INDUSTRY_TABLE
  ).pick(prng);
  const size: EnterpriseSize = isPlatform
    ? prng.chance(0.7)
      ? 'large'
      : 'medium'
    : (newBusinessForm ? NEW_BUSINESS_FORM_SIZES : SIZE_TABLE).pick(prng);
  const establishedDay = establishedDayOf(ctx, prng, isPlatform, newBusinessForm);
  const uscc = makeUscc({ region: region.code, orgBody: syntheticOrgBody(index) });
  const name =
    region.namePrefix +
    prng.pick(BRAND_CHARACTERS) +
    prng.pick(BRAND_CHARACTERS) +
    industry.word +
    (size === 'micro' || size === 'small' ? '有限公司' : ORG_FORMS.pick(prng));
  const tags = industry.tags.slice();
  const row: SyntheticEnterpriseRow = {
    uscc,
    name,
    regionCode: region.code,
    industryCode: industry.code,
    establishedOn: ctx.days.format(establishedDay),
    registeredCapital: prng.pick(CAPITAL_WAN[size]) + '0000.00',
    size,
    tags,
  };
  let platformUsers = 0;
  if (isPlatform) {
    platformUsers = drawPlatformUsers(prng);
    // Valuation per monthly user between ¥600 and ¥2,400: large platforms reach the ¥100 bn and
    // ¥1 trillion thresholds of DOMAIN.md §7 at about the user counts the draft guidance pairs them with.
    const valuation = Math.round((platformUsers * prng.between(600, 2400)) / 1e6) * 1e6;
    tags.push('platform');
    row.isPlatform = true;
    row.platformMonthlyUsers = String(platformUsers);
    row.platformValuation = valuation + '.00';
  }
  if (newBusinessForm) {
    tags.push('new-business-form');
    row.newBusinessForm = true;
  }
  return { index, uscc, region, industry, establishedDay, size, profile, isPlatform, platformUsers, row };
}

function establishedDayOf(
  ctx: PopulationContext,
  prng: Prng,
  isPlatform: boolean,
  newBusinessForm: boolean,
): number {
  const span = ctx.asOfDay - ctx.firstEstablishedDay;
  if (isPlatform) {
    // Platforms with tens of millions of users are rarely younger than three years.
    return Math.min(ctx.asOfDay, ctx.firstEstablishedDay + 3 * 365 + prng.int(Math.max(1, span - 6 * 365)));
  }
  if (newBusinessForm) {
    const years = prng.chance(0.8) ? 3 : 8;
    return ctx.asOfDay - prng.int(Math.min(span, years * 365) + 1);
  }
  // u^1.5 of the span back from asOf: registers are dominated by young enterprises (most micro
  // enterprises are a few years old) while still holding some from the 1990s.
  const u = prng.float();
  return ctx.asOfDay - Math.floor(span * u * Math.sqrt(u));
}

/** Monthly users: most platforms are small; about 15% are large (≥ 50 M), about 2% super (≥ 500 M). */
function drawPlatformUsers(prng: Prng): number {
  const u = prng.float();
  if (u < 0.02) return prng.between(500, 900) * 1_000_000;
  if (u < 0.15) return prng.between(50, 499) * 1_000_000;
  // Log-uniform from 100 thousand to 50 million.
  return Math.round(1e5 * Math.pow(500, prng.float()));
}
