import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { regulatoryCalendar as calendar } from '../calendar/shipped-calendars.spec-helper';
import { DomainError, ErrorCode } from '../errors/domain-error';
import {
  correctionDeadline,
  DeadlineRules,
  deadlineRulesInForce,
  publicationDeadline,
  reminderTime,
  triggeredTaskDue,
} from './task-deadlines';

/** The shipped rule data, read as the services read it (shape checked by libs/rules' loader). */
const shipped = JSON.parse(
  readFileSync(join(__dirname, '../../../../rules/deadlines/2026.1.json'), 'utf8'),
) as DeadlineRules;

function edited(changes: Partial<Omit<DeadlineRules, 'kind'>>): DeadlineRules {
  return { ...shipped, ...changes };
}

describe('task deadlines from rule data', () => {
  it('publication: 20 working days (shipped 2026.1) across the 2025 National Day holiday', () => {
    const deadline = publicationDeadline(shipped, calendar, new Date('2025-09-26T23:30:00+08:00'));
    expect(deadline.at.toISOString()).toBe('2025-10-30T15:59:59.999Z');
    expect(deadline.basis).toEqual({
      deadlines: '2026.1',
      rule: 'publication',
      workingDays: 20,
      calendar: [{ year: 2025, status: 'official' }],
    });
  });

  it('follows the data: another number of working days gives another deadline', () => {
    const ten = edited({ version: 'test.10', publication: { workingDays: 10, source: 'test' } });
    const deadline = publicationDeadline(ten, calendar, new Date('2025-09-26T23:30:00+08:00'));
    // Sun 28 make-up (1), 29 (2), 30 (3), Oct 1-8 off, 9 (4), 10 (5), Sat 11 make-up (6), 13-16 (7-10).
    expect(deadline.at.toISOString()).toBe('2025-10-16T15:59:59.999Z');
    expect(deadline.basis).toMatchObject({ deadlines: 'test.10', workingDays: 10 });
  });

  it('correction: 3 working days straddling Spring Festival 2026; from the data too', () => {
    const published = new Date('2026-02-13T09:00:00+08:00');
    expect(correctionDeadline(shipped, calendar, published).at.toISOString()).toBe(
      '2026-02-25T15:59:59.999Z',
    );
    const five = edited({ correction: { workingDays: 5, source: 'test' } });
    expect(correctionDeadline(five, calendar, published).at.toISOString()).toBe('2026-02-27T15:59:59.999Z');
  });

  it('names the calendar years counted on and whether they are provisional', () => {
    const deadline = publicationDeadline(shipped, calendar, new Date('2026-12-20T10:00:00+08:00'));
    expect(deadline.basis.calendar).toEqual([
      { year: 2026, status: 'official' },
      { year: 2027, status: 'provisional' },
    ]);
  });

  it('refuses a year the calendar has no data for (CalendarNotCovered), whatever the rules say', () => {
    expect.assertions(2);
    try {
      publicationDeadline(shipped, calendar, new Date('2027-12-20T10:00:00+08:00'));
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.CalendarNotCovered);
    }
  });

  it('reminder: the lead time from the data', () => {
    const due = new Date('2026-12-31T15:59:59.999Z');
    expect(reminderTime(shipped, due)).toEqual({
      at: new Date('2026-12-29T15:59:59.999Z'),
      basis: { deadlines: '2026.1', rule: 'reminder', leadHours: 48 },
    });
    const day = edited({ reminder: { leadHours: 24, source: 'test' } });
    expect(reminderTime(day, due).at.toISOString()).toBe('2026-12-30T15:59:59.999Z');
  });

  it('triggered tasks: due N calendar days later by priority, at the end of the Shanghai day', () => {
    const created = new Date('2026-11-25T23:30:00+08:00');
    expect(triggeredTaskDue(shipped, 'urgent', created).at.toISOString()).toBe('2026-11-28T15:59:59.999Z');
    expect(triggeredTaskDue(shipped, 'high', created).at.toISOString()).toBe('2026-12-02T15:59:59.999Z');
    expect(triggeredTaskDue(shipped, 'normal', created)).toEqual({
      at: new Date('2026-12-10T15:59:59.999Z'),
      basis: { deadlines: '2026.1', rule: 'triggeredTaskDue', calendarDays: 15 },
    });
    const faster = edited({
      triggeredTaskDue: { calendarDays: { urgent: 1, high: 2, normal: 5 }, source: 'test' },
    });
    expect(triggeredTaskDue(faster, 'high', created).at.toISOString()).toBe('2026-11-27T15:59:59.999Z');
  });

  it('applies the version in force when the obligation arises', () => {
    const later = edited({
      version: '2027.1',
      effectiveFrom: '2027-01-01T00:00:00+08:00',
      publication: { workingDays: 15, source: 'test' },
    });
    const versions = [later, shipped];
    expect(deadlineRulesInForce(versions, new Date('2026-12-31T15:59:59.999Z')).version).toBe('2026.1');
    expect(deadlineRulesInForce(versions, new Date('2026-12-31T16:00:00.000Z')).version).toBe('2027.1');
    expect(() => deadlineRulesInForce(versions, new Date('2024-12-31T00:00:00+08:00'))).toThrow(
      /^no deadline rule data in force on 2024-12-30T16:00:00.000Z/,
    );
  });
});
