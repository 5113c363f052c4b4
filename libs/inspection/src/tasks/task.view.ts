import { DeadlineBasis, OPEN_TASK_STATUSES } from '@app/domain';
import type { TaskResult } from './task-result';

/** What each deadline of a task was computed from (rule-data version, number, calendar years). */
export type TaskDeadlineRules = Partial<
  Record<'due' | 'publication' | 'correction' | 'reminder', DeadlineBasis>
>;

export interface TaskRow {
  id: string;
  plan_id: string | null;
  seq: number | null;
  uscc: string;
  tier: string | null;
  kind: 'random' | 'triggered';
  priority: number;
  status: string;
  inspector_ids: string[];
  unassignable_reason: string | null;
  items: unknown;
  scheduled_start: Date;
  due_at: Date;
  trigger_reason: string | null;
  trigger_records: unknown;
  result: TaskResult | null;
  result_at: Date | null;
  publish_deadline: Date | null;
  published_at: Date | null;
  correction_deadline: Date | null;
  corrected_at: Date | null;
  withdrawn_at: Date | null;
  publication_overdue_at: Date | null;
  dispatched_at: Date | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
  cancel_reason: string | null;
  deadline_rules: TaskDeadlineRules | null;
  /** Inspection limits (docs/inspection-limits.md): absent on rows read before the migration. */
  over_cap?: unknown;
  legal_basis?: string | null;
  joined_plans?: unknown[];
  manual_staffing?: unknown;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export interface TaskView {
  id: string;
  planId: string | null;
  seq: number | null;
  uscc: string;
  tier: string | null;
  kind: 'random' | 'triggered';
  priority: number;
  status: string;
  inspectors: string[];
  unassignableReason: string | null;
  items: unknown;
  scheduledStart: string;
  dueAt: string;
  overdue: boolean;
  trigger: { reason: string; records: unknown } | null;
  result: TaskResult | null;
  resultAt: string | null;
  publishDeadline: string | null;
  publishedAt: string | null;
  correctionDeadline: string | null;
  /** What dueAt, publishDeadline, correctionDeadline and the reminder were computed from (rule data). */
  deadlineRules: TaskDeadlineRules;
  correctedAt: string | null;
  withdrawnAt: string | null;
  publicationOverdue: boolean;
  dispatchedAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  cancelReason: string | null;
  /** A triggered task over the annual cap: department, count, cap, rule version (null otherwise). */
  overCap: unknown;
  /** The legal reason stated for a visit over the annual cap. */
  legalBasis: string | null;
  /** Plans whose items joined this task (joint visit): planId, at, by. */
  jointPlans: unknown[];
  /** Who staffed the task by hand, why and when (null when drawn). */
  manualStaffing: unknown;
  createdAt: string;
  updatedAt: string;
}

export function toTaskView(r: TaskRow, now: Date): TaskView {
  return {
    id: r.id,
    planId: r.plan_id,
    seq: r.seq,
    uscc: r.uscc.trim(),
    tier: r.tier,
    kind: r.kind,
    priority: r.priority,
    status: r.status,
    inspectors: r.inspector_ids,
    unassignableReason: r.unassignable_reason,
    items: r.items,
    scheduledStart: iso(r.scheduled_start)!,
    dueAt: iso(r.due_at)!,
    overdue: isOpen(r.status) && new Date(r.due_at).getTime() < now.getTime(),
    trigger: r.trigger_reason ? { reason: r.trigger_reason, records: r.trigger_records } : null,
    result: r.result,
    resultAt: iso(r.result_at),
    publishDeadline: iso(r.publish_deadline),
    publishedAt: iso(r.published_at),
    correctionDeadline: iso(r.correction_deadline),
    deadlineRules: r.deadline_rules ?? {},
    correctedAt: iso(r.corrected_at),
    withdrawnAt: iso(r.withdrawn_at),
    publicationOverdue:
      r.status === 'done' &&
      r.publish_deadline !== null &&
      new Date(r.publish_deadline).getTime() < now.getTime(),
    dispatchedAt: iso(r.dispatched_at),
    remindedAt: iso(r.reminded_at),
    escalatedAt: iso(r.escalated_at),
    cancelReason: r.cancel_reason,
    overCap: r.over_cap ?? null,
    legalBasis: r.legal_basis ?? null,
    jointPlans: r.joined_plans ?? [],
    manualStaffing: r.manual_staffing ?? null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Still to be carried out (pending, assigned or in progress). */
export function isOpen(status: string): boolean {
  return (OPEN_TASK_STATUSES as readonly string[]).includes(status);
}
