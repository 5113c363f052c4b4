/**
 * 无事不扰 limits on inspections (国办发〔2024〕54号 关于严格规范涉企行政检查的意见; DOMAIN.md §2,
 * docs/inspection-limits.md), pure:
 *
 * - a task's departments are the departments of its items (a joint visit has several); an
 *   enterprise's load is, per department, the non-cancelled tasks of the calendar year carrying an
 *   item of that department — one visit counts once for each department it carries;
 * - the annual cap (frequency rule data) is reached for a department when its load is at or above
 *   the cap: a random plan of that department does not draw the enterprise, a triggered inspection
 *   still goes but is flagged and waits for a stated legal reason;
 * - an open task overlaps a plan when their windows share an instant and they share an item (the
 *   same item name): the plan does not draw the enterprise again and offers a joint visit instead.
 */

export interface LimitItem {
  name: string;
  department?: string;
}

/** The departments a list of items carries, sorted, without blanks or repeats. */
export function departmentsOf(items: readonly LimitItem[]): string[] {
  const out = new Set<string>();
  for (const i of items) {
    const d = typeof i.department === 'string' ? i.department.trim() : '';
    if (d !== '') out.add(d);
  }
  return [...out].sort();
}

export interface CapReached {
  department: string;
  count: number;
  cap: number;
}

/**
 * The departments of `departments` whose yearly load (`load`: department → count of visits so far)
 * has reached the cap, so that one more visit would go over it; empty when every one of them may
 * still inspect. A random plan leaves such an enterprise out; a triggered task is flagged.
 */
export function capReached(
  load: Readonly<Record<string, number>>,
  departments: readonly string[],
  cap: number,
): CapReached[] {
  return departments
    .filter((d) => (load[d] ?? 0) >= cap)
    .map((d) => ({ department: d, count: load[d] ?? 0, cap }));
}

/** The greatest load among the departments (the history the frequency limits compare with the cap). */
export function highestLoad(load: Readonly<Record<string, number>>, departments: readonly string[]): number {
  return Math.max(0, ...departments.map((d) => load[d] ?? 0));
}

export interface OpenTaskWindow {
  id: string;
  items: readonly LimitItem[];
  /** ISO-8601 instants. */
  scheduledStart: string;
  dueAt: string;
}

export interface JointVisitOffer {
  /** The open task the plan's items could join. */
  jointWith: string;
  /** The plan's items that task already carries (the overlap). */
  overlapping: string[];
}

/** Both windows share at least one instant (bounds included). */
export function windowsOverlap(
  a: { start: string | Date; end: string | Date },
  b: { start: string | Date; end: string | Date },
): boolean {
  const t = (x: string | Date) => new Date(x).getTime();
  return t(a.start) <= t(b.end) && t(b.start) <= t(a.end);
}

/**
 * The first open task (by scheduled start, then id) that overlaps the plan's window and shares an
 * item with it, or undefined.
 */
export function overlappingTask(
  open: readonly OpenTaskWindow[],
  plan: { items: readonly LimitItem[]; start: string | Date; end: string | Date },
): JointVisitOffer | undefined {
  const planItems = new Set(plan.items.map((i) => i.name.trim()));
  const sorted = [...open].sort((a, b) =>
    a.scheduledStart === b.scheduledStart
      ? a.id < b.id
        ? -1
        : 1
      : new Date(a.scheduledStart).getTime() - new Date(b.scheduledStart).getTime(),
  );
  for (const task of sorted) {
    if (!windowsOverlap({ start: task.scheduledStart, end: task.dueAt }, plan)) continue;
    const overlapping = [...new Set(task.items.map((i) => i.name.trim()))].filter((n) => planItems.has(n));
    if (overlapping.length > 0) return { jointWith: task.id, overlapping: overlapping.sort() };
  }
  return undefined;
}

/**
 * A joint visit's items: the task's own, then each added item the task does not carry yet (same
 * name and department), in the order given.
 */
export function mergeItems<T extends LimitItem>(existing: readonly T[], added: readonly T[]): T[] {
  const key = (i: LimitItem) => `${i.name.trim()}\u0000${(i.department ?? '').trim()}`;
  const seen = new Set(existing.map(key));
  const out = [...existing];
  for (const i of added) {
    if (seen.has(key(i))) continue;
    seen.add(key(i));
    out.push(i);
  }
  return out;
}
