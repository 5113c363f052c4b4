import {
  capReached,
  departmentsOf,
  highestLoad,
  mergeItems,
  overlappingTask,
  windowsOverlap,
} from './inspection-limits';

describe('inspection limits (无事不扰)', () => {
  it('a task carries the departments of its items, sorted, without blanks or repeats', () => {
    expect(
      departmentsOf([
        { name: 'a', department: '食品经营处' },
        { name: 'b', department: ' 特种设备处 ' },
        { name: 'c', department: '食品经营处' },
        { name: 'd' },
        { name: 'e', department: '  ' },
      ]),
    ).toEqual(['特种设备处', '食品经营处']);
  });

  describe('the annual cap per department (golden edges, cap 4)', () => {
    const cases: [string, Record<string, number>, string[]][] = [
      ['no visit yet', {}, []],
      ['3 visits: one more is allowed', { 食品经营处: 3 }, []],
      ['4 visits: at the cap, no more', { 食品经营处: 4 }, ['食品经营处']],
      ['5 visits (a flagged triggered one): still refused', { 食品经营处: 5 }, ['食品经营处']],
      ['another department at the cap does not count', { 特种设备处: 4, 食品经营处: 2 }, []],
    ];
    it.each(cases)('%s', (_, load, reached) => {
      expect(capReached(load, ['食品经营处'], 4).map((r) => r.department)).toEqual(reached);
    });
    it('names each department of a joint plan that reached it, with count and cap', () => {
      expect(capReached({ a: 4, b: 1, c: 7 }, ['a', 'b', 'c'], 4)).toEqual([
        { department: 'a', count: 4, cap: 4 },
        { department: 'c', count: 7, cap: 4 },
      ]);
      expect(capReached({ a: 1 }, ['a'], 1)).toEqual([{ department: 'a', count: 1, cap: 1 }]);
    });
    it('the highest load among the plan departments is what the frequency limits compare', () => {
      expect(highestLoad({ a: 2, b: 5, c: 9 }, ['a', 'b'])).toBe(5);
      expect(highestLoad({}, ['a'])).toBe(0);
      expect(highestLoad({ a: 3 }, [])).toBe(0);
    });
  });

  describe('open tasks overlapping a plan', () => {
    const task = (id: string, start: string, end: string, names: string[]) => ({
      id,
      scheduledStart: start,
      dueAt: end,
      items: names.map((name) => ({ name, department: 'x' })),
    });
    const plan = {
      items: [{ name: '食品安全' }, { name: '广告发布' }],
      start: '2026-12-01T00:00:00+08:00',
      end: '2026-12-31T23:59:59.999+08:00',
    };

    it('windows overlap when they share an instant, bounds included', () => {
      const w = (start: string, end: string) => ({ start, end });
      expect(windowsOverlap(w('2026-01-01', '2026-01-31'), w('2026-01-31', '2026-02-10'))).toBe(true);
      expect(windowsOverlap(w('2026-01-01', '2026-01-30'), w('2026-01-31', '2026-02-10'))).toBe(false);
      expect(windowsOverlap(w('2026-02-01', '2026-02-10'), w('2026-01-01', '2026-12-31'))).toBe(true);
    });

    it('offers the earliest open task sharing an item and a window, naming the shared items', () => {
      expect(
        overlappingTask(
          [
            task('t3', '2026-12-10T00:00:00+08:00', '2026-12-20T00:00:00+08:00', ['食品安全', '价格']),
            task('t2', '2026-12-05T00:00:00+08:00', '2027-01-10T00:00:00+08:00', [' 广告发布 ', '食品安全']),
          ],
          plan,
        ),
      ).toEqual({ jointWith: 't2', overlapping: ['广告发布', '食品安全'] });
    });

    it('offers nothing for another item, or a window that does not meet the plan', () => {
      expect(
        overlappingTask(
          [
            task('t1', '2026-12-01T00:00:00+08:00', '2026-12-31T00:00:00+08:00', ['价格']),
            task('t2', '2026-11-01T00:00:00+08:00', '2026-11-30T23:59:59.999+08:00', ['食品安全']),
            task('t3', '2027-01-01T00:00:00+08:00', '2027-01-31T00:00:00+08:00', ['食品安全']),
          ],
          plan,
        ),
      ).toBeUndefined();
    });
  });

  it('a joint visit keeps its items and adds the others once (same name and department)', () => {
    const a = { name: '食品安全', department: '食品经营处' };
    const b = { name: '食品安全', department: '市场监管综合执法' };
    const c = { name: '广告发布', department: '广告监管处' };
    expect(mergeItems([a], [a, b, c, b])).toEqual([a, b, c]);
    expect(mergeItems([], [])).toEqual([]);
  });
});
