// Tiers and their numbers as the console shows them: pure, unit-tested (tiers.spec.ts).

export const TIERS = ['A', 'B', 'C', 'D'] as const;
export type Tier = (typeof TIERS)[number];

/** A neutral scale, calm (A) to strong (D): never traffic-light colours (a tier is not a light). */
export const TIER_COLOURS: Record<Tier, string> = {
  A: '#9db4cc',
  B: '#5f84ab',
  C: '#34597f',
  D: '#172f4d',
};

/** Counts in tier order, a missing tier as 0. */
export function tierCounts(tiers: Record<string, number> | undefined): number[] {
  return TIERS.map((t) => tiers?.[t] ?? 0);
}

/** "A 650 · B 250 · C 80 · D 20": the counts a chart draws, as text. */
export function tierCountsText(tiers: Record<string, number> | undefined, unassessed?: number): string {
  const parts = TIERS.map((t) => `${t} ${(tiers?.[t] ?? 0).toLocaleString('en-US')}`);
  if (unassessed) parts.push(`— ${unassessed.toLocaleString('en-US')}`);
  return parts.join(' · ');
}

/** A signed movement: "+3", "−2", "0". */
export function signed(n: number): string {
  if (n > 0) return `+${n.toLocaleString('en-US')}`;
  if (n < 0) return `−${Math.abs(n).toLocaleString('en-US')}`;
  return '0';
}

export interface HeatmapData {
  /** Row labels (from) and column labels (to), tiers first, then any other outcome (e.g. "none"). */
  from: string[];
  to: string[];
  /** [toIndex, fromIndex, enterprises] for ECharts' heatmap (x = to, y = from). */
  cells: [number, number, number][];
  max: number;
  /** Enterprises whose tier changes (off the diagonal). */
  changed: number;
}

/** A–D always (a steady matrix), then any other outcome the matrix names (e.g. "none"). */
function ordered(keys: Iterable<string>): string[] {
  const others = [...new Set(keys)].filter((k) => !(TIERS as readonly string[]).includes(k)).sort();
  return [...TIERS, ...others];
}

/** A simulation's migration matrix (from → to → enterprises) as heatmap cells over A–D (and others). */
export function migrationHeatmap(matrix: Record<string, Record<string, number>>): HeatmapData {
  const from = ordered(Object.keys(matrix));
  const to = ordered(Object.values(matrix).flatMap((row) => Object.keys(row)));
  const cells: [number, number, number][] = [];
  let max = 0;
  let changed = 0;
  from.forEach((f, y) =>
    to.forEach((t, x) => {
      const n = matrix[f]?.[t] ?? 0;
      cells.push([x, y, n]);
      max = Math.max(max, n);
      if (f !== t) changed += n;
    }),
  );
  return { from, to, cells, max, changed };
}
