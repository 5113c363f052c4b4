import {
  DomainError,
  ErrorCode,
  publicationDeadline,
  deadlineRulesInForce,
  triggeredTaskDue,
} from '@app/domain';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRuleData, ruleDataFingerprint } from './rule-data.loader';

const RULES = join(__dirname, '../../../../rules');

describe('rule data: calendars and deadlines read from the rules folder', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rule-data-'));
    cpSync(join(RULES, 'calendars'), join(dir, 'calendars'), { recursive: true });
    cpSync(join(RULES, 'deadlines'), join(dir, 'deadlines'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const edit = (file: string, change: (doc: Record<string, unknown>) => void): void => {
    const path = join(dir, file);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    change(doc);
    writeFileSync(path, JSON.stringify(doc));
  };
  const problemsOf = (action: () => unknown): { path: string; message: string }[] => {
    try {
      action();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.ValidationFailed);
      return (error as DomainError).details;
    }
    throw new Error('expected a ValidationFailed error');
  };

  it('reads the shipped data: 2025–2027 (2027 provisional) and deadlines 2026.1', () => {
    const data = readRuleData(RULES);
    expect(data.calendars.map((c) => [c.year, c.status])).toEqual([
      [2025, 'official'],
      [2026, 'official'],
      [2027, 'provisional'],
    ]);
    expect(data.calendars[1].source).toMatch(/^国务院办公厅关于2026年部分节假日安排的通知/);
    expect(data.deadlines.map((d) => d.version)).toEqual(['2026.1']);
    expect(data.deadlines[0]).toMatchObject({
      publication: { workingDays: 20 },
      correction: { workingDays: 3 },
      reminder: { leadHours: 48 },
      triggeredTaskDue: { calendarDays: { urgent: 3, high: 7, normal: 15 } },
    });
    expect(data.deadlines[0]).not.toHaveProperty('$schema');
  });

  it('changing the data changes the deadline: nothing of the number is in the code', () => {
    const resultAt = new Date('2026-03-02T10:00:00+08:00'); // a Monday
    const before = readRuleData(dir);
    const rules = deadlineRulesInForce(before.deadlines, resultAt);
    expect(publicationDeadline(rules, before.calendar, resultAt).at.toISOString()).toBe(
      '2026-03-30T15:59:59.999Z',
    );
    edit('deadlines/2026.1.json', (d) => {
      d.publication = { workingDays: 5, source: 'test' };
      d.triggeredTaskDue = { calendarDays: { urgent: 1, high: 1, normal: 1 }, source: 'test' };
    });
    // A holiday the notice never had: Wed 2026-03-04 off.
    edit('calendars/2026.json', (c) => {
      (c.holidays as unknown[]).push({ date: '2026-03-04', name: 'test' });
    });
    const after = readRuleData(dir);
    expect(after.fingerprint).not.toBe(before.fingerprint);
    const changed = deadlineRulesInForce(after.deadlines, resultAt);
    // Tue 3 (1), Wed 4 off, Thu 5 (2), Fri 6 (3), Mon 9 (4), Tue 10 (5).
    expect(publicationDeadline(changed, after.calendar, resultAt).at.toISOString()).toBe(
      '2026-03-10T15:59:59.999Z',
    );
    expect(triggeredTaskDue(changed, 'normal', resultAt).at.toISOString()).toBe('2026-03-03T15:59:59.999Z');
  });

  it('a year without data stays CalendarNotCovered until its file is added, with no release', () => {
    const resultAt = new Date('2027-12-20T10:00:00+08:00');
    const before = readRuleData(dir);
    const rules = deadlineRulesInForce(before.deadlines, resultAt);
    expect(() => publicationDeadline(rules, before.calendar, resultAt)).toThrow(
      expect.objectContaining({ code: ErrorCode.CalendarNotCovered }),
    );
    writeFileSync(
      join(dir, 'calendars/2028.json'),
      JSON.stringify({
        year: 2028,
        status: 'provisional',
        source: 'test: statutory days only',
        holidays: [{ date: '2028-01-01', name: '元旦' }],
        makeUpWorkdays: [],
      }),
    );
    const after = readRuleData(dir);
    expect(after.calendar.coveredYears()).toEqual([2025, 2026, 2027, 2028]);
    expect(publicationDeadline(rules, after.calendar, resultAt).basis.calendar).toEqual([
      { year: 2027, status: 'provisional' },
      { year: 2028, status: 'provisional' },
    ]);
  });

  it('a new deadlines version applies from its effectiveFrom, the old one before', () => {
    edit('deadlines/2026.1.json', () => undefined);
    const next = JSON.parse(readFileSync(join(dir, 'deadlines/2026.1.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(dir, 'deadlines/2027.1.json'),
      JSON.stringify({
        ...next,
        version: '2027.1',
        effectiveFrom: '2027-01-01T00:00:00+08:00',
        publication: { workingDays: 15, source: 'test' },
      }),
    );
    const data = readRuleData(dir);
    expect(deadlineRulesInForce(data.deadlines, new Date('2026-12-31T12:00:00+08:00')).version).toBe(
      '2026.1',
    );
    expect(deadlineRulesInForce(data.deadlines, new Date('2027-01-01T00:00:00+08:00')).publication).toEqual({
      workingDays: 15,
      source: 'test',
    });
  });

  it('refuses bad files, naming each problem and its file', () => {
    edit('calendars/2026.json', (c) => {
      c.status = 'draft';
      (c.makeUpWorkdays as unknown[]).push({ date: '2026-03-04', name: 'a Wednesday' });
    });
    edit('deadlines/2026.1.json', (d) => {
      d.publication = { workingDays: -1, source: 'x' };
      d.extra = true;
    });
    expect(problemsOf(() => readRuleData(dir))).toEqual([
      {
        path: 'rules/calendars/2026.json.status',
        message: 'must be equal to one of the allowed values ("official", "provisional")',
      },
      { path: 'rules/deadlines/2026.1.json', message: 'must NOT have additional properties (extra)' },
      { path: 'rules/deadlines/2026.1.json.publication.workingDays', message: 'must be >= 0' },
    ]);
  });

  it('refuses a semantic error of a calendar, a misnamed file and two versions at one instant', () => {
    edit('calendars/2026.json', (c) => {
      (c.makeUpWorkdays as unknown[]).push({ date: '2026-03-04', name: 'a Wednesday' });
    });
    cpSync(join(dir, 'calendars/2025.json'), join(dir, 'calendars/2029.json'));
    const doc = JSON.parse(readFileSync(join(dir, 'deadlines/2026.1.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, 'deadlines/2026.2.json'), JSON.stringify({ ...doc, version: '2026.2' }));
    const problems = problemsOf(() => readRuleData(dir));
    expect(problems).toEqual([
      {
        path: 'rules/calendars/2026.json',
        message: expect.stringContaining('2026-03-04 is a make-up workday on a weekday'),
      },
      { path: 'rules/calendars/2029.json', message: 'holds year 2025: name it 2025.json' },
      {
        path: 'rules/deadlines/2026.2.json',
        message: 'takes effect at the same instant as version 2026.1: which one applies would be ambiguous',
      },
    ]);
  });

  it('fingerprints the files: unchanged until one is added, removed or touched', () => {
    const first = ruleDataFingerprint(dir);
    expect(ruleDataFingerprint(dir)).toBe(first);
    utimesSync(join(dir, 'deadlines/2026.1.json'), new Date(), new Date(Date.now() + 5000));
    expect(ruleDataFingerprint(dir)).not.toBe(first);
  });
});
