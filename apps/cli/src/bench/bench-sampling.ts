import { assignInspectors, drawPlanSample, PoolEntry, RosterInspector, StratumSpec } from '@app/domain';

/**
 * `tierwatch bench sampling`: the pure part of a plan (draw + inspector assignment) on a synthetic
 * pool and roster, no database. Enterprises are spread over 100 county regions (A 65% / B 25% /
 * C 8% / D 2%, DOMAIN.md §1); inspectors cover a county (80%), a city (15%) or the province (5%),
 * 90% certified, with a few conflicts each, and enough capacity for the plan.
 */

export interface SamplingBenchOptions {
  enterprises: number;
  inspectors: number;
  seed: string;
}

export interface SamplingBenchResult {
  enterprises: number;
  selected: number;
  inspectors: number;
  assigned: number;
  unassignable: number;
  drawMs: number;
  assignMs: number;
  perTier: { tier: string; poolSize: number; target: number }[];
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const STRATA: StratumSpec[] = [
  { tier: 'D', ratio: 0.8 },
  { tier: 'C', ratio: 0.4 },
  { tier: 'B', ratio: 0.1 },
  { tier: 'A', ratio: 0.03 },
];

function countyOf(i: number): string {
  const city = 1 + (i % 10);
  const county = 2 + Math.floor(i / 10);
  return `33${String(city).padStart(2, '0')}${String(county).padStart(2, '0')}`;
}

export function syntheticSamplingInput(options: SamplingBenchOptions): {
  pool: PoolEntry[];
  roster: RosterInspector[];
} {
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const pool: PoolEntry[] = [];
  for (let i = 0; i < options.enterprises; i++) {
    const region = countyOf(Math.floor(next() * 100));
    let body = '';
    for (let j = 0; j < 10; j++) body += ALPHABET[Math.floor(next() * 31)];
    const roll = next();
    const tier = roll < 0.65 ? 'A' : roll < 0.9 ? 'B' : roll < 0.98 ? 'C' : 'D';
    pool.push({ uscc: `91${region}${body}`, tier, region });
  }
  const roster: RosterInspector[] = [];
  const capacity = Math.ceil((options.enterprises * 0.1 * 2 * 3) / options.inspectors);
  for (let i = 0; i < options.inspectors; i++) {
    const roll = next();
    const county = countyOf(Math.floor(next() * 100));
    const regions = roll < 0.8 ? [county] : roll < 0.95 ? [county.slice(0, 4)] : ['33'];
    const conflicts = Array.from({ length: 3 }, () => pool[Math.floor(next() * pool.length)].uscc);
    roster.push({
      id: `INS-${String(i).padStart(5, '0')}`,
      certified: next() < 0.9,
      qualifications: next() < 0.8 ? ['general', 'food'] : ['general'],
      regions,
      conflicts,
      capacity,
    });
  }
  return { pool, roster };
}

export function benchSampling(options: SamplingBenchOptions): SamplingBenchResult {
  const { pool, roster } = syntheticSamplingInput(options);
  let started = performance.now();
  const draw = drawPlanSample({ seed: options.seed, pool, strata: STRATA });
  const drawMs = performance.now() - started;
  started = performance.now();
  const assignment = assignInspectors({
    seed: options.seed,
    selection: draw.selection,
    roster,
    requiredQualifications: ['general'],
    // What the shipped deadline rules ask for (rules/deadlines: inspectorsPerVisit.default).
    inspectorsPerTask: 2,
  });
  const assignMs = performance.now() - started;
  return {
    enterprises: pool.length,
    selected: draw.selection.length,
    inspectors: roster.length,
    assigned: assignment.assigned,
    unassignable: assignment.unassignable,
    drawMs: Math.round(drawMs),
    assignMs: Math.round(assignMs),
    perTier: draw.strata.map(({ tier, poolSize, target }) => ({ tier, poolSize, target })),
  };
}
