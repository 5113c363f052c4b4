import { boardColumns, nextActions } from './board';

describe('the task board', () => {
  it('groups tasks by status in life-cycle order, overdue first, then by due date', () => {
    const columns = boardColumns([
      { id: '1', status: 'assigned', dueAt: '2026-12-10', overdue: false },
      { id: '2', status: 'assigned', dueAt: '2026-12-20', overdue: true },
      { id: '3', status: 'assigned', dueAt: '2026-12-05', overdue: false },
      { id: '4', status: 'done', dueAt: '2026-12-05', overdue: false },
    ]);
    expect(columns.map((c) => c.status)).toEqual([
      'pending',
      'assigned',
      'in_progress',
      'done',
      'published',
      'cancelled',
    ]);
    expect(columns[1].tasks.map((t) => t.id)).toEqual(['2', '3', '1']);
    expect(columns[3].tasks.map((t) => t.id)).toEqual(['4']);
  });

  it('offers the next step of the life cycle, publication to a regulator only', () => {
    expect(nextActions('assigned', 'inspector')).toEqual(['start']);
    expect(nextActions('in_progress', 'inspector')).toEqual(['result']);
    expect(nextActions('done', 'inspector')).toEqual([]);
    expect(nextActions('done', 'regulator')).toEqual(['publish']);
    expect(nextActions('published', 'regulator')).toEqual([]);
  });
});
