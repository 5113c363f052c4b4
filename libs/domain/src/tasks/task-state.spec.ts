import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { nextTaskStatus, TASK_ACTIONS, TASK_STATUSES, TaskAction, TaskStatus } from './task-state';

describe('inspection task state machine', () => {
  it('walks the happy path pending → assigned → in_progress → done → published', () => {
    let s: TaskStatus = 'pending';
    const seen: TaskStatus[] = [s];
    for (const a of ['assign', 'start', 'complete', 'publish'] as TaskAction[])
      seen.push((s = nextTaskStatus(s, a)));
    expect(seen).toEqual(['pending', 'assigned', 'in_progress', 'done', 'published']);
  });

  it.each(['pending', 'assigned', 'in_progress'] as TaskStatus[])('cancels an open %s task', (s) => {
    expect(nextTaskStatus(s, 'cancel')).toBe('cancelled');
  });

  it.each([
    ['done', 'cancel', 'done: allowed publish'],
    ['published', 'cancel', 'published: final, nothing allowed'],
    ['cancelled', 'assign', 'cancelled: final, nothing allowed'],
    ['pending', 'complete', 'pending: allowed assign, cancel'],
    ['assigned', 'publish', 'assigned: allowed start, cancel'],
  ] as [TaskStatus, TaskAction, string][])('refuses to %s → %s with what is allowed', (s, a, message) => {
    expect(() => nextTaskStatus(s, a)).toThrow(DomainError);
    try {
      nextTaskStatus(s, a);
    } catch (e) {
      expect((e as DomainError).code).toBe('CONFLICT');
      expect((e as DomainError).details).toEqual([{ path: 'status', message }]);
    }
  });

  it('never leaves a final status, and only publish reaches published', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TASK_STATUSES), fc.constantFrom(...TASK_ACTIONS), (s, a) => {
        let next: TaskStatus | undefined;
        try {
          next = nextTaskStatus(s, a);
        } catch {
          next = undefined;
        }
        if (s === 'published' || s === 'cancelled') expect(next).toBeUndefined();
        if (next === 'published') expect([s, a]).toEqual(['done', 'publish']);
      }),
    );
  });
});
