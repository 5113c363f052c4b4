// The task board: tasks grouped by status in the life-cycle order, most urgent first in a column.

export const BOARD_COLUMNS = [
  'pending',
  'assigned',
  'in_progress',
  'done',
  'published',
  'cancelled',
] as const;

export interface BoardTask {
  id: string;
  status: string;
  dueAt: string;
  overdue: boolean;
}

export function boardColumns<T extends BoardTask>(tasks: T[]): { status: string; tasks: T[] }[] {
  return BOARD_COLUMNS.map((status) => ({
    status,
    tasks: tasks
      .filter((t) => t.status === status)
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt)),
  }));
}

/** What may be done next with a task (the api's life cycle; anything else it answers 409). */
export function nextActions(status: string, persona: string): ('start' | 'result' | 'publish')[] {
  const actions: ('start' | 'result' | 'publish')[] = [];
  if (status === 'assigned') actions.push('start');
  if (status === 'in_progress') actions.push('result');
  if (status === 'done' && persona === 'regulator') actions.push('publish');
  return actions;
}
