import type { ErrorDetail } from '../errors/domain-error';
import type { RosterInspector } from './inspector-assignment';

export interface ManualStaffingInput {
  /** The inspectors named, in the order given. */
  inspectorIds: readonly string[];
  /** Active inspectors (an id not in it is unknown or inactive). */
  roster: readonly RosterInspector[];
  uscc: string;
  /** The enterprise's six-digit division code. */
  regionCode: string;
  /** Qualifications the task's items need; each inspector must hold all of them. */
  requiredQualifications: readonly string[];
  /** The deadline rules' minimum inspectors per visit (rules/deadlines: inspectorsPerVisit). */
  minimum: number;
}

/**
 * Whether a task left unassignable may be staffed by hand with these inspectors (docs/inspection-
 * limits.md): the same bar as the draw (docs/sampling.md §5) — at least the minimum number of
 * distinct inspectors, each active, certified (持证), holding every required qualification, covering
 * the enterprise's region, and not recused for a declared conflict with it (回避). Every problem is
 * named at `inspectorIds` or `inspectorIds[i]`; empty when the staffing is valid.
 */
export function manualStaffingProblems(input: ManualStaffingInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const byId = new Map(input.roster.map((i) => [i.id, i]));
  const seen = new Map<string, number>();
  input.inspectorIds.forEach((id, i) => {
    const at = `inspectorIds[${i}]`;
    if (seen.has(id)) {
      problems.push({ path: at, message: `${id} is also at inspectorIds[${seen.get(id)}]` });
      return;
    }
    seen.set(id, i);
    const inspector = byId.get(id);
    if (!inspector) {
      problems.push({ path: at, message: `${id} is not an active inspector of the roster` });
      return;
    }
    if (!inspector.certified)
      problems.push({ path: at, message: `${id} is not certified (持证执法人员 only)` });
    const missing = input.requiredQualifications.filter((q) => !inspector.qualifications.includes(q));
    if (missing.length > 0)
      problems.push({ path: at, message: `${id} lacks the qualification(s) ${missing.join(', ')}` });
    const regions = inspector.regions ?? [];
    if (regions.length > 0 && !regions.some((r) => input.regionCode.startsWith(r)))
      problems.push({
        path: at,
        message: `${id} covers ${regions.join(', ')}, not the enterprise's region ${input.regionCode}`,
      });
    if ((inspector.conflicts ?? []).includes(input.uscc))
      problems.push({
        path: at,
        message: `${id} declared a conflict of interest with ${input.uscc} (回避)`,
      });
  });
  if (seen.size < input.minimum) {
    problems.unshift({
      path: 'inspectorIds',
      message: `at least ${input.minimum} different inspectors per visit (rules/deadlines: inspectorsPerVisit)`,
    });
  }
  return problems;
}
