import { capReached, DomainError, ErrorCode } from '@app/domain';
import { asFrequencyRuleSet } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { departmentLoads, Queryable } from './inspection-load';

/** What a triggered task over the annual cap carries (inspection_tasks.over_cap). */
export interface OverCap {
  department: string;
  /** Visits of the department to the enterprise in the year before this one. */
  count: number;
  cap: number;
  year: string;
  frequencyVersion: string;
  message: string;
}

/**
 * For triggered inspections, which never wait (DOMAIN.md §2): a check that says, task by task,
 * whether the enterprise's visits by the task's department this year already reached the annual cap
 * of the frequency rule set in force — then the task is flagged and needs a stated legal reason
 * before it starts. Each call counts the task it is asked about, so several tasks of one batch for
 * one enterprise are counted in turn.
 */
export async function triggeredCapCheck(
  q: Queryable,
  ruleSets: RuleSetStore,
  today: string,
  usccs: readonly string[],
  department: string,
): Promise<(uscc: string) => OverCap | null> {
  const { ruleSet } = await ruleSets.inForce('frequency', today);
  const frequency = asFrequencyRuleSet(ruleSet);
  const cap = frequency.outcome.annualCapPerAuthority;
  const year = today.slice(0, 4);
  const cited = frequency.outcome.annualCapBasis;
  const basis = cited ? `, ${cited.title} ${cited.article}` : '';
  const loads = await departmentLoads(q, year, usccs, [department]);
  return (uscc) => {
    const load = loads.get(uscc) ?? {};
    const [reached] = capReached(load, [department], cap);
    load[department] = (load[department] ?? 0) + 1;
    loads.set(uscc, load);
    if (!reached) return null;
    return {
      department,
      count: reached.count,
      cap,
      year,
      frequencyVersion: frequency.version,
      message: `${reached.count} visit(s) by ${department} in ${year} already; the annual cap is ${cap} (frequency ${frequency.version}${basis}): state the legal reason before the visit`,
    };
  };
}

/** 409 for a visit over the annual cap whose legal reason is not stated yet. */
export function assertLegalBasisStated(task: { over_cap?: unknown; legal_basis?: string | null }): void {
  if (task.over_cap && !task.legal_basis) {
    const message = (task.over_cap as Partial<OverCap>).message ?? 'over the annual cap';
    throw new DomainError(ErrorCode.Conflict, 'a visit over the annual cap needs its legal reason first', [
      { path: 'legalBasis', message: `${message} (POST /api/v1/inspection-tasks/:id/legal-basis)` },
    ]);
  }
}
