import { DomainError, ErrorCode } from '../errors/domain-error';

/** The life of an inspection task (DOMAIN.md §3). */
export const TASK_STATUSES = [
  'pending',
  'assigned',
  'in_progress',
  'done',
  'published',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_ACTIONS = ['assign', 'start', 'complete', 'publish', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Open tasks: still to be carried out, so they may be cancelled. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'assigned', 'in_progress'];

const TRANSITIONS: Record<TaskAction, { from: readonly TaskStatus[]; to: TaskStatus }> = {
  assign: { from: ['pending'], to: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress' },
  complete: { from: ['in_progress'], to: 'done' },
  publish: { from: ['done'], to: 'published' },
  cancel: { from: OPEN_TASK_STATUSES, to: 'cancelled' },
};

/**
 * The status after an action, or a Conflict naming the status and what is allowed from it:
 * pending → assigned → in_progress → done → published, and cancelled from any open status.
 */
export function nextTaskStatus(current: TaskStatus, action: TaskAction): TaskStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    const allowed = TASK_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(current));
    throw new DomainError(ErrorCode.Conflict, `cannot ${action} a ${current} task`, [
      {
        path: 'status',
        message: `${current}: ${allowed.length > 0 ? `allowed ${allowed.join(', ')}` : 'final, nothing allowed'}`,
      },
    ]);
  }
  return rule.to;
}
