import { MICRO, quotient } from '../exact-decimal';

/** Label of an enterprise the rules could not evaluate (facts missing without a default). */
export const UNASSESSED = 'unassessed';

/** One side of a comparison: what a rule-set version gives one enterprise. */
export interface SideOutcome {
  tier: string;
  score: number;
  /** Fired rules in document order: score rules with their points, overrides with 0. */
  rules: { rule: string; points: number }[];
  /** Expected inspections a year for this tier under the frequency rules in force, in micro-units. */
  visitsMicro: number;
}

/** One enterprise under the version in force (old) and the simulated one (new); null = unassessed. */
export interface Comparison {
  uscc: string;
  old: SideOutcome | null;
  new: SideOutcome | null;
}

export interface SideTally {
  unassessed: number;
  scored: number;
  scoreSum: number;
  tiers: Record<string, number>;
  visitsMicro: Record<string, number>;
  rules: Record<string, { hits: number; points: number }>;
}

/** What a chunk adds up to: additive, so chunks sum in any order to the simulation's figures. */
export interface SimulationTally {
  processed: number;
  changed: number;
  /** from tier → to tier → enterprises (UNASSESSED as a tier when a side failed). */
  matrix: Record<string, Record<string, number>>;
  old: SideTally;
  new: SideTally;
}

const emptySide = (): SideTally => ({
  unassessed: 0,
  scored: 0,
  scoreSum: 0,
  tiers: {},
  visitsMicro: {},
  rules: {},
});

export const emptyTally = (): SimulationTally => ({
  processed: 0,
  changed: 0,
  matrix: {},
  old: emptySide(),
  new: emptySide(),
});

const bump = (into: Record<string, number>, key: string, n: number) => (into[key] = (into[key] ?? 0) + n);

function addSide(side: SideTally, outcome: SideOutcome | null): void {
  if (!outcome) {
    side.unassessed += 1;
    return;
  }
  side.scored += 1;
  side.scoreSum += outcome.score;
  bump(side.tiers, outcome.tier, 1);
  bump(side.visitsMicro, outcome.tier, outcome.visitsMicro);
  for (const { rule, points } of outcome.rules) {
    const r = (side.rules[rule] ??= { hits: 0, points: 0 });
    r.hits += 1;
    r.points += points;
  }
}

export const tierOf = (o: SideOutcome | null): string => o?.tier ?? UNASSESSED;

/** Adds one enterprise; returns whether its tier moved. */
export function addComparison(tally: SimulationTally, c: Comparison): boolean {
  const from = tierOf(c.old);
  const to = tierOf(c.new);
  tally.processed += 1;
  bump((tally.matrix[from] ??= {}), to, 1);
  addSide(tally.old, c.old);
  addSide(tally.new, c.new);
  if (from !== to) tally.changed += 1;
  return from !== to;
}

function mergeCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) bump(into, k, n);
}

function mergeSide(into: SideTally, from: SideTally): void {
  into.unassessed += from.unassessed;
  into.scored += from.scored;
  into.scoreSum += from.scoreSum;
  mergeCounts(into.tiers, from.tiers);
  mergeCounts(into.visitsMicro, from.visitsMicro);
  for (const [rule, r] of Object.entries(from.rules)) {
    const t = (into.rules[rule] ??= { hits: 0, points: 0 });
    t.hits += r.hits;
    t.points += r.points;
  }
}

export function mergeTallies(tallies: readonly SimulationTally[]): SimulationTally {
  const total = emptyTally();
  for (const t of tallies) {
    total.processed += t.processed;
    total.changed += t.changed;
    for (const [from, row] of Object.entries(t.matrix)) mergeCounts((total.matrix[from] ??= {}), row);
    mergeSide(total.old, t.old);
    mergeSide(total.new, t.new);
  }
  return total;
}

/** The roster and the rule data that turn inspections into inspector-days. */
export interface WorkloadBasis {
  /** Inspectors sent on each visit (rule data). */
  inspectorsPerVisit: number;
  /** Working days of the period an inspector's capacityPerPeriod counts visits in (rule data). */
  periodWorkingDays: number;
  /** Active inspectors of the roster (within the scope's region, if any) and their capacities summed. */
  roster: { inspectors: number; capacityPerPeriod: number };
}

export interface WorkloadSide {
  enterprises: number;
  /** Expected inspections a year (decimal string, 2 places). */
  inspectionsPerYear: string;
  /** Inspector-days a year; null when the roster has no capacity to measure it by. */
  inspectorDaysPerYear: string | null;
}

export interface SimulationFigures {
  enterprises: number;
  changed: number;
  unassessed: { old: number; new: number };
  /** Tiers in order (best first), then UNASSESSED when any. */
  tiers: string[];
  /** from → to → count, every cell present (0 included). */
  matrix: Record<string, Record<string, number>>;
  meanScore: { old: string | null; new: string | null };
  rules: {
    rule: string;
    old: { hits: number; meanPoints: string | null };
    new: { hits: number; meanPoints: string | null };
  }[];
  workload: {
    perTier: { tier: string; old: WorkloadSide; new: WorkloadSide }[];
    total: { old: WorkloadSide; new: WorkloadSide };
    basis: WorkloadBasis;
  };
}

/**
 * inspections × inspectorsPerVisit inspector-visits, each taking periodWorkingDays / capacity days
 * of an inspector with the roster's mean capacity (capacitySum / inspectors).
 */
function inspectorDays(visitsMicro: number, basis: WorkloadBasis): string | null {
  const { inspectors, capacityPerPeriod } = basis.roster;
  if (capacityPerPeriod <= 0 || inspectors <= 0) return null;
  return quotient(
    BigInt(visitsMicro) *
      BigInt(basis.inspectorsPerVisit) *
      BigInt(basis.periodWorkingDays) *
      BigInt(inspectors),
    BigInt(capacityPerPeriod) * BigInt(MICRO),
    1,
  );
}

function workloadSide(enterprises: number, visitsMicro: number, basis: WorkloadBasis): WorkloadSide {
  return {
    enterprises,
    inspectionsPerYear: quotient(visitsMicro, MICRO, 2)!,
    inspectorDaysPerYear: inspectorDays(visitsMicro, basis),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The figures of a simulation from its summed tally. `tiers`: the tier order of the documents. */
export function simulationFigures(
  tally: SimulationTally,
  tierOrder: readonly string[],
  ruleOrder: readonly string[],
  basis: WorkloadBasis,
): SimulationFigures {
  const seen = new Set<string>([
    ...Object.keys(tally.matrix),
    ...Object.values(tally.matrix).flatMap((row) => Object.keys(row)),
  ]);
  const tiers = [...tierOrder, ...[...seen].filter((t) => !tierOrder.includes(t)).sort()];
  const matrix: Record<string, Record<string, number>> = {};
  for (const from of tiers) {
    matrix[from] = {};
    for (const to of tiers) matrix[from][to] = tally.matrix[from]?.[to] ?? 0;
  }
  const ruleNames = [
    ...ruleOrder,
    ...[...new Set([...Object.keys(tally.old.rules), ...Object.keys(tally.new.rules)])]
      .filter((r) => !ruleOrder.includes(r))
      .sort(),
  ];
  const side = (s: SideTally, rule: string) => ({
    hits: s.rules[rule]?.hits ?? 0,
    meanPoints: quotient(s.rules[rule]?.points ?? 0, s.scored, 2),
  });
  const tiered = tiers.filter((t) => t !== UNASSESSED);
  return {
    enterprises: tally.processed,
    changed: tally.changed,
    unassessed: { old: tally.old.unassessed, new: tally.new.unassessed },
    tiers,
    matrix,
    meanScore: {
      old: quotient(tally.old.scoreSum, tally.old.scored, 2),
      new: quotient(tally.new.scoreSum, tally.new.scored, 2),
    },
    rules: ruleNames.map((rule) => ({ rule, old: side(tally.old, rule), new: side(tally.new, rule) })),
    workload: {
      perTier: tiered.map((tier) => ({
        tier,
        old: workloadSide(tally.old.tiers[tier] ?? 0, tally.old.visitsMicro[tier] ?? 0, basis),
        new: workloadSide(tally.new.tiers[tier] ?? 0, tally.new.visitsMicro[tier] ?? 0, basis),
      })),
      total: {
        old: workloadSide(tally.old.scored, sum(Object.values(tally.old.visitsMicro)), basis),
        new: workloadSide(tally.new.scored, sum(Object.values(tally.new.visitsMicro)), basis),
      },
      basis,
    },
  };
}
