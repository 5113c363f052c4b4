// From a count on the dashboard to the enterprises behind it, and the search box's two modes: pure,
// unit-tested (drill.spec.ts).

import { TIERS } from './tiers';

/** The filters of the enterprise list (GET /enterprises), as the list page's route query. */
export interface ListFilter {
  q?: string;
  region?: string;
  industry?: string;
  tier?: string;
  page?: number;
}

/** A route query of the filters set (empty ones left out, page 1 left out). */
export function listQuery(filter: ListFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['q', 'region', 'industry', 'tier'] as const) {
    const v = filter[key]?.trim();
    if (v) out[key] = key === 'industry' ? v.toUpperCase() : v;
  }
  if (filter.page && filter.page > 1) out.page = String(filter.page);
  return out;
}

/** The filters back from a route query (anything else ignored). */
export function filterOf(query: Record<string, unknown>): ListFilter {
  const text = (k: string) => {
    const v = query[k];
    return typeof v === 'string' ? v : '';
  };
  const page = Number.parseInt(text('page'), 10);
  return {
    q: text('q'),
    region: text('region'),
    industry: text('industry'),
    tier: text('tier'),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/**
 * What a click on a chart opens: the list of the tier clicked (a bar of the distribution, or a
 * stacked series of a breakdown), in the row's region or industry, inside the dashboard's filters.
 */
export function drillFilter(
  chart: 'distribution' | 'region' | 'industry',
  click: { dataIndex?: number; seriesName?: string },
  rows: { code: string }[],
  filters: { region?: string; industry?: string },
): ListFilter | null {
  const base = {
    region: filters.region?.trim() || undefined,
    industry: filters.industry?.trim() || undefined,
  };
  if (chart === 'distribution') {
    const tier = click.dataIndex === undefined ? undefined : TIERS[click.dataIndex];
    return tier ? { ...base, tier } : null;
  }
  const row = click.dataIndex === undefined ? undefined : rows[click.dataIndex];
  if (!row || !click.seriesName) return null;
  return chart === 'region'
    ? { ...base, region: row.code, tier: click.seriesName }
    : { ...base, industry: row.code, tier: click.seriesName };
}

/** A full 18-character code opens the enterprise; anything shorter searches code prefixes and names. */
export function isFullCode(text: string): boolean {
  return text.trim().length === 18 && /^[0-9A-Z]+$/i.test(text.trim());
}
