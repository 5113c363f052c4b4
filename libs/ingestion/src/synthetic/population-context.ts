import { addMonths, DayTable, dayOf, dayOfYmd } from './synthetic-calendar.util';

/** What a synthetic population is a function of: the same options always give the same rows. */
export interface PopulationOptions {
  /** How many enterprises; their records follow from them. */
  enterprises: number;
  /** Any safe integer; a different seed gives a different population. */
  seed: number;
  /** 'YYYY-MM-DD' (Asia/Shanghai): the population's "today"; no date or instant falls after it. */
  asOf: string;
}

/** The options turned into the day numbers every enterprise's records are placed between. */
export interface PopulationContext {
  seed: number;
  asOfDay: number;
  asOfYear: number;
  /** Credit records fall in the last five years: older ones no longer count toward a tier. */
  fiveYearsAgo: number;
  threeYearsAgo: number;
  /** Risk signals are recent: a complaint from years ago says little about today. */
  riskWindowStart: number;
  /** The register of our synthetic jurisdiction opens on 1995-01-01. */
  firstEstablishedDay: number;
  days: DayTable;
}

/** 31^7 organisation-code bodies are available, but day and seed arithmetic is 32-bit. */
export const MAX_ENTERPRISES = 0xffffffff;

// Publicity periods run up to three years past the newest record, so the table reaches that far.
const TABLE_MARGIN_DAYS = 4 * 366;
const tables = new Map<string, DayTable>();

export function createPopulationContext(options: PopulationOptions): PopulationContext {
  const { enterprises, seed, asOf } = options;
  if (!Number.isInteger(enterprises) || enterprises < 0 || enterprises > MAX_ENTERPRISES) {
    throw new RangeError(`enterprises must be an integer from 0 to ${MAX_ENTERPRISES}, got ${enterprises}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const asOfDay = dayOf(asOf);
  const asOfYear = Number(asOf.slice(0, 4));
  // Annual-report and tax years of the last five years must be ≥ 2000 (the row schema's minimum).
  if (asOfYear < 2006) throw new RangeError(`asOf must be 2006-01-01 or later, got ${asOf}`);
  const firstEstablishedDay = dayOfYmd(1995, 1, 1);
  let days = tables.get(asOf);
  if (!days) {
    // One table per asOf ever asked for: a handful in a test run, one in a bench.
    days = new DayTable(firstEstablishedDay, asOfDay + TABLE_MARGIN_DAYS);
    tables.set(asOf, days);
  }
  return {
    seed,
    asOfDay,
    asOfYear,
    fiveYearsAgo: addMonths(asOfDay, -60) + 1,
    threeYearsAgo: addMonths(asOfDay, -36) + 1,
    riskWindowStart: addMonths(asOfDay, -24) + 1,
    firstEstablishedDay,
    days,
  };
}
