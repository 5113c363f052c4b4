import { DomainError, ErrorCode, ErrorDetail } from '../errors/domain-error';
import { checkSeed } from './plan-draw';
import { PoolEntry, REGION_PATTERN } from './sampling-pool';
import { assignmentStream } from './sampling-stream';

/**
 * Inspector assignment (双随机: the inspectors; docs/sampling.md §5). For each drawn enterprise, in
 * selection order, `inspectorsPerTask` (at least the minimum of the rule data) inspectors are drawn from its candidates:
 *
 * - candidates: certified inspectors whose qualifications include every required one and who either
 *   have no region restriction or have a region that is a prefix of the enterprise's region code;
 *   listed in ascending id order;
 * - a random permutation of the candidates is walked, from the enterprise's own stream
 *   (seed, "assign", uscc) by a lazy Fisher–Yates shuffle; a candidate is skipped when recused for a
 *   declared conflict with the enterprise (回避, the redraw), when it inspected the enterprise last
 *   time, or when its capacity for the period is used up; the first `inspectorsPerTask` not skipped
 *   are assigned, in draw order, and each uses one unit of capacity;
 * - when that cannot be done the task is unassignable with a reason, and takes no capacity. The
 *   checks, in order: fewer candidates than needed (`too_few_qualified`); fewer candidates with
 *   capacity left than needed (`capacity_exhausted`); otherwise the walk went through every
 *   candidate (`too_few_eligible`, with the counts).
 *
 * Each enterprise has its own stream, so its draw does not depend on which enterprises came before;
 * only capacity couples them, through the selection order.
 *
 * Cost: candidate lists are built once per distinct set of matching region buckets (not per
 * enterprise), capacity counters are kept per bucket, and each enterprise reads O(inspectorsPerTask)
 * candidates unless most are full or recused — no roster × selection scan.
 */

export interface RosterInspector {
  /** Unique; letters, digits, `.`, `_`, `:` and `-` (the candidate order compares ids by character code). */
  readonly id: string;
  /** Only certified staff (持证执法人员) may inspect. */
  readonly certified: boolean;
  readonly qualifications: readonly string[];
  /** Region code prefixes the inspector covers ("33" a province, "3301" a city); absent or empty: any. */
  readonly regions?: readonly string[];
  /** Enterprises (uscc) the inspector has declared a conflict of interest with. */
  readonly conflicts?: readonly string[];
  /** Tasks the inspector can take in the plan's period. */
  readonly capacity: number;
  /** Tasks already assigned in the period by other plans; counts against capacity. */
  readonly assignedInPeriod?: number;
  /** Informative (not read by the draw). */
  readonly department?: string;
}

export type UnassignableCode = 'too_few_qualified' | 'capacity_exhausted' | 'too_few_eligible';

export type TaskAssignment =
  | { uscc: string; tier: string; status: 'assigned'; inspectors: string[] }
  | {
      uscc: string;
      tier: string;
      status: 'unassignable';
      reason: { code: UnassignableCode; message: string };
    };

export interface AssignmentInput {
  seed: string;
  selection: readonly PoolEntry[];
  roster: readonly RosterInspector[];
  /** Qualifications the plan's items need; an inspector must hold all of them. */
  requiredQualifications: readonly string[];
  /** At least 2 (DOMAIN.md §3); default 2. */
  inspectorsPerTask: number;
  /** uscc → the inspectors of the enterprise's last inspection; none of them is drawn again. */
  previousAssignments?: Readonly<Record<string, readonly string[]>>;
}

export interface AssignmentResult {
  tasks: TaskAssignment[];
  assigned: number;
  unassignable: number;
  /** Tasks assigned in this plan per inspector id (inspectors with none are left out). */
  load: Record<string, number>;
}

export const INSPECTOR_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

interface CandidateList {
  /** Positions in the id-sorted roster, ascending. */
  positions: Int32Array;
  /** The region buckets it is the union of (disjoint for one region code, see normalisedRegions). */
  buckets: string[];
}

export function checkAssignmentInput(
  input: Omit<AssignmentInput, 'selection' | 'seed'>,
  path = '',
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const at = (p: string): string => (path === '' ? p : `${path}.${p}`);
  // The regulatory minimum is rule data (rules/deadlines: inspectorsPerVisit), checked by the caller
  // that read it; here only what any assignment needs.
  const perTask = input.inspectorsPerTask;
  if (!Number.isSafeInteger(perTask) || perTask < 1) {
    details.push({ path: at('inspectorsPerTask'), message: 'must be a whole number of at least 1' });
  }
  if (
    !Array.isArray(input.requiredQualifications) ||
    !input.requiredQualifications.every((q) => typeof q === 'string')
  ) {
    details.push({ path: at('requiredQualifications'), message: 'must be a list of strings' });
  }
  if (!Array.isArray(input.roster)) {
    details.push({ path: at('roster'), message: 'must be a list of inspectors' });
    return details;
  }
  const seen = new Map<string, number>();
  input.roster.forEach((raw: unknown, i) => {
    const p = at(`roster[${i}]`);
    if (typeof raw !== 'object' || raw === null) {
      details.push({ path: p, message: 'must be an inspector object' });
      return;
    }
    const inspector = raw as Record<string, unknown>;
    if (typeof inspector.id !== 'string' || !INSPECTOR_ID_PATTERN.test(inspector.id)) {
      details.push({ path: `${p}.id`, message: 'must be 1–64 letters, digits, ".", "_", ":" or "-"' });
    } else if (seen.has(inspector.id)) {
      details.push({
        path: `${p}.id`,
        message: `${inspector.id} is also at roster[${seen.get(inspector.id)}]`,
      });
    } else seen.set(inspector.id, i);
    if (typeof inspector.certified !== 'boolean')
      details.push({ path: `${p}.certified`, message: 'must be a boolean' });
    if (!isStringList(inspector.qualifications)) {
      details.push({ path: `${p}.qualifications`, message: 'must be a list of strings' });
    }
    if (
      inspector.regions !== undefined &&
      !(isStringList(inspector.regions) && inspector.regions.every((r) => REGION_PATTERN.test(r)))
    ) {
      details.push({ path: `${p}.regions`, message: 'must be a list of region code prefixes (digits)' });
    }
    if (inspector.conflicts !== undefined && !isStringList(inspector.conflicts)) {
      details.push({ path: `${p}.conflicts`, message: 'must be a list of uscc' });
    }
    if (!Number.isSafeInteger(inspector.capacity) || (inspector.capacity as number) < 0) {
      details.push({ path: `${p}.capacity`, message: 'must be a whole number ≥ 0' });
    }
    const taken = inspector.assignedInPeriod;
    if (taken !== undefined && !(Number.isSafeInteger(taken) && (taken as number) >= 0)) {
      details.push({ path: `${p}.assignedInPeriod`, message: 'must be a whole number ≥ 0' });
    }
  });
  return details;
}

export function assignInspectors(input: AssignmentInput): AssignmentResult {
  const details = [...checkSeed(input.seed), ...checkAssignmentInput(input)];
  const inSelection = new Map<string, number>();
  input.selection.forEach(({ uscc, region }, i) => {
    const first = inSelection.get(uscc);
    if (first === undefined) inSelection.set(uscc, i);
    else details.push({ path: `selection[${i}].uscc`, message: `${uscc} is also at selection[${first}]` });
    if (region !== undefined && (typeof region !== 'string' || !REGION_PATTERN.test(region))) {
      details.push({ path: `selection[${i}].region`, message: 'must be a region code of digits' });
    }
  });
  if (details.length > 0) {
    throw new DomainError(ErrorCode.ValidationFailed, 'invalid inspector assignment input', details);
  }
  const need = input.inspectorsPerTask;
  const roster = [...input.roster].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const position = new Map(roster.map((inspector, i) => [inspector.id, i]));
  const remaining = new Int32Array(roster.length);
  roster.forEach((inspector, i) => (remaining[i] = inspector.capacity - (inspector.assignedInPeriod ?? 0)));

  // Region buckets of the qualified inspectors: '' for no restriction, else each normalised prefix.
  const required = input.requiredQualifications;
  const buckets = new Map<string, number[]>();
  const bucketsOf = new Map<number, string[]>();
  roster.forEach((inspector, i) => {
    if (!inspector.certified) return;
    const held = new Set(inspector.qualifications);
    if (!required.every((q) => held.has(q))) return;
    const keys = normalisedRegions(inspector.regions);
    bucketsOf.set(i, keys);
    for (const key of keys) {
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = []));
      bucket.push(i);
    }
  });
  const available = new Map<string, number>();
  for (const [key, members] of buckets) available.set(key, members.filter((i) => remaining[i] > 0).length);

  // One list per distinct set of matching buckets, looked up by region code (many regions share one).
  const lists = new Map<string, CandidateList>();
  const byRegion = new Map<string | undefined, CandidateList>();
  const candidatesFor = (region: string | undefined): CandidateList => {
    let list = byRegion.get(region);
    if (list) return list;
    const keys = matchingBuckets(region, buckets);
    const cacheKey = keys.join('|');
    list = lists.get(cacheKey);
    if (!list) {
      const positions = Int32Array.from(keys.flatMap((k) => buckets.get(k)!)).sort();
      list = { positions, buckets: keys };
      lists.set(cacheKey, list);
    }
    byRegion.set(region, list);
    return list;
  };

  const conflicts = new Map<string, Set<number>>();
  roster.forEach((inspector, i) => {
    for (const uscc of inspector.conflicts ?? []) {
      let set = conflicts.get(uscc);
      if (!set) conflicts.set(uscc, (set = new Set()));
      set.add(i);
    }
  });

  // The lazy shuffle's displaced slots, reused across enterprises: slot k holds swapped[k] when
  // stamp[k] is the current enterprise's number, else its own index (no Map per enterprise).
  const swapped = new Int32Array(roster.length);
  const stamp = new Int32Array(roster.length);
  let current = 0;
  const tasks: TaskAssignment[] = [];
  const load: Record<string, number> = {};
  let assigned = 0;
  for (const enterprise of input.selection) {
    const { uscc, tier } = enterprise;
    const candidates = candidatesFor(enterprise.region);
    const total = candidates.positions.length;
    if (total < need) {
      tasks.push(
        unassignable(
          enterprise,
          'too_few_qualified',
          `only ${total} certified inspector(s) hold ${describeQualifications(required)}${describeRegion(enterprise.region)}; ${need} needed`,
        ),
      );
      continue;
    }
    let withCapacity = 0;
    for (const key of candidates.buckets) withCapacity += available.get(key)!;
    if (withCapacity < need) {
      tasks.push(
        unassignable(
          enterprise,
          'capacity_exhausted',
          `only ${withCapacity} of ${total} qualified inspector(s) have capacity left in the period; ${need} needed`,
        ),
      );
      continue;
    }
    const recused = conflicts.get(uscc);
    const previousIds = input.previousAssignments?.[uscc];
    const previous = previousIds ? new Set(previousIds.map((id) => position.get(id))) : undefined;
    const stream = assignmentStream(input.seed, uscc);
    current++;
    const chosen: number[] = [];
    let conflicted = 0;
    let repeated = 0;
    let full = 0;
    for (let i = 0; i < total && chosen.length < need; i++) {
      const r = i + stream.uniform(total - i);
      const at = stamp[r] === current ? swapped[r] : r;
      swapped[r] = stamp[i] === current ? swapped[i] : i;
      stamp[r] = current;
      const candidate = candidates.positions[at];
      if (recused?.has(candidate)) conflicted++;
      else if (previous?.has(candidate)) repeated++;
      else if (remaining[candidate] <= 0) full++;
      else chosen.push(candidate);
    }
    if (chosen.length < need) {
      tasks.push(
        unassignable(
          enterprise,
          'too_few_eligible',
          `only ${chosen.length} of ${total} qualified inspector(s) can take this enterprise: ` +
            `${conflicted} recused for a declared conflict (回避), ${repeated} inspected it last time, ${full} at capacity; ${need} needed`,
        ),
      );
      continue;
    }
    for (const candidate of chosen) {
      if (--remaining[candidate] === 0) {
        for (const key of bucketsOf.get(candidate)!) available.set(key, available.get(key)! - 1);
      }
      const id = roster[candidate].id;
      load[id] = (load[id] ?? 0) + 1;
    }
    tasks.push({ uscc, tier, status: 'assigned', inspectors: chosen.map((c) => roster[c].id) });
    assigned++;
  }
  return { tasks, assigned, unassignable: tasks.length - assigned, load };
}

function unassignable(enterprise: PoolEntry, code: UnassignableCode, message: string): TaskAssignment {
  return { uscc: enterprise.uscc, tier: enterprise.tier, status: 'unassignable', reason: { code, message } };
}

/**
 * An inspector's region buckets: '' when unrestricted, else its prefixes without any that extends
 * another of them ("33" covers "3301"), so that for one region code at most one bucket of each
 * inspector matches and per-bucket counts add up without counting anyone twice.
 */
function normalisedRegions(regions: readonly string[] | undefined): string[] {
  if (!regions || regions.length === 0) return [''];
  const unique = [...new Set(regions)].sort();
  return unique.filter((r) => !unique.some((other) => other !== r && r.startsWith(other)));
}

/** The buckets covering `region`: the unrestricted one and every bucket whose prefix it starts with. */
function matchingBuckets(
  region: string | undefined,
  buckets: ReadonlyMap<string, readonly number[]>,
): string[] {
  const keys = buckets.has('') ? [''] : [];
  if (region === undefined) return keys;
  for (let k = 1; k <= region.length; k++) {
    const prefix = region.slice(0, k);
    if (buckets.has(prefix)) keys.push(prefix);
  }
  return keys;
}

function describeQualifications(required: readonly string[]): string {
  return required.length === 0 ? 'no particular qualification' : `qualification(s) ${required.join(', ')}`;
}

function describeRegion(region: string | undefined): string {
  return region === undefined ? ' without a region restriction' : ` and cover region ${region}`;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
