import { AuditService } from '@app/audit';
import {
  departmentsOf,
  endOfShanghaiDay,
  highestLoad,
  JointVisitOffer,
  mergeItems,
  OPEN_TASK_STATUSES,
  overlappingTask,
  startOfShanghaiDay,
} from '@app/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { departmentLoads, openTaskWindows } from '../limits/inspection-load';
import type { PlanItem, PlanRequest } from './plan-request';

export const OPEN_TASK_OVERLAP = 'open_task_overlap';
export const TASK_JOINED = 'inspection_task.joined';

export interface JointVisit extends JointVisitOffer {
  uscc: string;
  /** Whether the plan's items were added to the task (joinOverlapping). */
  joined: boolean;
}

/**
 * What the 无事不扰 limits need to know before a plan draws (docs/inspection-limits.md): per
 * enterprise, the highest yearly load among the plan's departments (compared with the annual cap by
 * the frequency limits), and the open task, if any, that already carries one of the plan's items in
 * an overlapping window (the enterprise is not drawn again; a joint visit is offered).
 */
export async function planLimits(
  ds: DataSource,
  plan: PlanRequest,
  year: string,
): Promise<{ loads: Map<string, number>; overlaps: Map<string, JointVisitOffer> }> {
  const departments = departmentsOf(plan.items);
  const loads = new Map<string, number>();
  for (const [uscc, load] of await departmentLoads(ds, year, null, departments)) {
    loads.set(uscc, highestLoad(load, departments));
  }
  const window = { start: startOfShanghaiDay(plan.window.start), end: endOfShanghaiDay(plan.window.end) };
  const overlaps = new Map<string, JointVisitOffer>();
  for (const [uscc, open] of await openTaskWindows(ds, window.start, window.end)) {
    const offer = overlappingTask(open, { items: plan.items, ...window });
    if (offer) overlaps.set(uscc, offer);
  }
  return { loads, overlaps };
}

/**
 * The plan's items join each offered task still open (inside the plan's transaction): the task
 * carries both departments' items from now on, lists the plan in `joined_plans`, and the audit
 * chain says so. Returns the visits with `joined` set.
 */
export async function joinVisits(
  m: EntityManager,
  audit: AuditService,
  planId: string,
  items: readonly PlanItem[],
  offers: readonly (JointVisitOffer & { uscc: string })[],
  actor: string,
  at: Date,
): Promise<JointVisit[]> {
  const out: JointVisit[] = [];
  for (const offer of offers) {
    const [task]: { status: string; items: PlanItem[] }[] = await m.query(
      `SELECT status, items FROM inspection_tasks WHERE id = $1 FOR UPDATE`,
      [offer.jointWith],
    );
    if (!task || !(OPEN_TASK_STATUSES as readonly string[]).includes(task.status)) {
      out.push({ ...offer, joined: false });
      continue;
    }
    const merged = mergeItems(task.items, items);
    await m.query(
      `UPDATE inspection_tasks SET items = $2, joined_plans = joined_plans || $3::jsonb, updated_at = now()
        WHERE id = $1`,
      [
        offer.jointWith,
        JSON.stringify(merged),
        JSON.stringify([{ planId, at: at.toISOString(), by: actor }]),
      ],
    );
    await audit.append(m, [
      {
        actor,
        action: TASK_JOINED,
        entityType: 'inspection_task',
        entityId: offer.jointWith,
        data: {
          planId,
          uscc: offer.uscc,
          overlapping: offer.overlapping,
          added: merged.slice(task.items.length),
        },
      },
    ]);
    out.push({ ...offer, joined: true });
  }
  return out;
}
