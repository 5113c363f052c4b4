import { parseInput } from '@app/ingestion';
import { RuleDataStore } from '@app/inspection';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { InspectionServices, inspectionServices, insertTask, TestClock } from '../../support/inspection';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

const at = (iso: string) => new Date(iso);

describe('inspection task life cycle: transitions, deadlines on the regulatory calendar, publication', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: InspectionServices;
  const A = usccOf(11);

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    await ingestService(ds, env.config).ingest(
      'enterprises',
      parseInput('json', Readable.from([JSON.stringify([enterpriseRow(11)])])),
      { actor: 'test' },
    );
    s = inspectionServices(ds, env.config);
  });
  afterAll(async () => {
    await env.dispose();
  });

  const newTask = async (status = 'assigned') => {
    const id = randomUUID();
    await insertTask(ds, {
      id,
      uscc: A,
      status,
      scheduledStart: at('2026-09-21T09:00:00+08:00'),
      dueAt: at('2026-10-20T18:00:00+08:00'),
    });
    return id;
  };

  it('walks assigned → in_progress → done → published, refusing illegal steps with 409', async () => {
    const id = await newTask();
    await expect(s.tasks.publish(id, 'r')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'status', message: 'assigned: allowed start, cancel' }],
    });
    s.clock.current = at('2026-09-25T10:00:00+08:00');
    expect((await s.tasks.start(id, 'r')).status).toBe('in_progress');
    await expect(s.tasks.start(id, 'r')).rejects.toMatchObject({ code: 'CONFLICT' });

    await expect(
      s.tasks.submitResult(id, 'r', { outcome: 'fine', findings: 'x', extra: 1 }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'extra', message: 'is not a known field (outcome, findings, followUp)' },
        { path: 'outcome', message: expect.stringMatching(/compliant, issues_found/) },
        { path: 'findings', message: expect.stringMatching(/list/) },
      ],
    });
    // Result on Monday 28 September 2026: 20 working days skip the National Day week (1-7 Oct) and
    // count the make-up Saturday 10 Oct — the deadline is the end of Friday 30 October.
    s.clock.current = at('2026-09-28T10:00:00+08:00');
    const done = await s.tasks.submitResult(id, 'r', {
      outcome: 'issues_found',
      findings: ['进货查验记录不全'],
      followUp: '限期整改',
    });
    expect(done).toMatchObject({ status: 'done', publishDeadline: '2026-10-30T15:59:59.999Z' });
    const [job] = await ds.query(`SELECT job_name, job_id, run_at FROM outbox WHERE job_id = $1`, [
      `${id}-publication`,
    ]);
    expect(job.job_name).toBe('inspection.publication-due');
    // The deadline itself, not a delay from "now": an outage does not move it.
    expect(new Date(job.run_at).getTime()).toBe(at('2026-10-30T23:59:59.999+08:00').getTime());

    // The publication deadline passes unpublished: escalated once.
    s.clock.current = at('2026-10-31T09:00:00+08:00');
    expect(await s.tasks.escalatePublication(id)).toBe('inspection_task.publication_overdue');
    expect(await s.tasks.escalatePublication(id)).toBe('nothing to do');
    expect((await s.tasks.get(id)).publicationOverdue).toBe(true);

    const published = await s.tasks.publish(id, 'r');
    // Published Saturday 31 October: 3 working days are 2, 3, 4 November.
    expect(published).toMatchObject({ status: 'published', correctionDeadline: '2026-11-04T15:59:59.999Z' });
    await expect(s.tasks.cancel(id, 'r', 'too late')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('feeds a published result back as a spot check (fail lowers the tier), corrects it, withdraws it', async () => {
    const id = await newTask('in_progress');
    s.clock.current = at('2026-11-02T10:00:00+08:00');
    await s.tasks.submitResult(id, 'r', { outcome: 'issues_found', findings: ['标签不规范'] });
    await s.tasks.publish(id, 'r');
    expect(await s.feed.feed(id)).toBe('recorded');
    expect(await s.feed.feed(id)).toBe('unchanged');
    const record = async () =>
      (
        await ds.query(
          `SELECT uscc, occurred_on::text, payload FROM credit_records WHERE source = 'tierwatch-inspection' AND source_record_id = $1`,
          [id],
        )
      )[0];
    expect(await record()).toMatchObject({
      uscc: A,
      occurred_on: '2026-11-02',
      payload: { result: 'fail', items: ['食品安全'], findings: '标签不规范' },
    });
    const [{ marked }] = await ds.query(
      `SELECT count(*)::int AS marked FROM reassessment_marks WHERE uscc = $1`,
      [A],
    );
    expect(marked).toBe(1);

    await s.tasks.correct(id, 'r', {
      action: 'correct',
      reason: '复核无问题',
      result: { outcome: 'compliant' },
    });
    expect(await s.feed.feed(id)).toBe('updated');
    expect((await record()).payload.result).toBe('pass');
    await s.tasks.correct(id, 'r', { action: 'withdraw', reason: '程序瑕疵' });
    expect(await s.feed.feed(id)).toBe('removed');
    expect(await record()).toBeUndefined();
    await expect(s.tasks.correct(id, 'r', { action: 'withdraw', reason: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('refuses a correction after 3 working days', async () => {
    const id = await newTask('in_progress');
    s.clock.current = at('2026-11-02T10:00:00+08:00');
    await s.tasks.submitResult(id, 'r', { outcome: 'compliant' });
    await s.tasks.publish(id, 'r');
    s.clock.current = at('2026-11-06T09:00:00+08:00');
    await expect(s.tasks.correct(id, 'r', { action: 'withdraw', reason: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'correctionDeadline', message: expect.stringMatching(/3 working days/) }],
    });
  });

  it('keeps beside each deadline the rule data it was computed from', async () => {
    const id = await newTask('in_progress');
    s.clock.current = at('2026-09-28T10:00:00+08:00');
    const done = await s.tasks.submitResult(id, 'r', { outcome: 'compliant' });
    const publication = {
      deadlines: '2026.1',
      rule: 'publication',
      workingDays: 20,
      calendar: [{ year: 2026, status: 'official' }],
    };
    expect(done.deadlineRules).toEqual({ publication });
    s.clock.current = at('2026-10-09T10:00:00+08:00');
    const published = await s.tasks.publish(id, 'r');
    expect(published.deadlineRules).toEqual({
      publication,
      correction: { ...publication, rule: 'correction', workingDays: 3 },
    });
    const [row] = await ds.query(`SELECT deadline_rules FROM inspection_tasks WHERE id = $1`, [id]);
    expect(row.deadline_rules).toEqual(published.deadlineRules);
  });

  describe('rule data changed while running: no release, no restart', () => {
    const RULES = join(__dirname, '../../../rules');
    let dir: string;
    let t: InspectionServices;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'tierwatch-rules-'));
      cpSync(join(RULES, 'calendars'), join(dir, 'calendars'), { recursive: true });
      cpSync(join(RULES, 'deadlines'), join(dir, 'deadlines'), { recursive: true });
      t = inspectionServices(ds, env.config, new TestClock(), new RuleDataStore(dir));
      t.ruleData.onModuleInit();
      // A new version, in force from 1 November 2026, dropped into the folder after start.
      const shipped = JSON.parse(readFileSync(join(dir, 'deadlines/2026.1.json'), 'utf8'));
      writeFileSync(
        join(dir, 'deadlines/2026.2.json'),
        JSON.stringify({
          ...shipped,
          version: '2026.2',
          effectiveFrom: '2026-11-01T00:00:00+08:00',
          publication: { workingDays: 10, source: 'test' },
          correction: { workingDays: 1, source: 'test' },
          reminder: { leadHours: 24, source: 'test' },
        }),
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('applies the version in force when the obligation arises, and the task names it', async () => {
      const before = await newTask('in_progress');
      t.clock.current = at('2026-10-30T10:00:00+08:00');
      expect((await t.tasks.submitResult(before, 'r', { outcome: 'compliant' })).deadlineRules).toMatchObject(
        {
          publication: { deadlines: '2026.1', workingDays: 20 },
        },
      );
      const id = await newTask('in_progress');
      // Monday 2 November: 10 working days end on Monday 16 November.
      t.clock.current = at('2026-11-02T10:00:00+08:00');
      const done = await t.tasks.submitResult(id, 'r', { outcome: 'compliant' });
      expect(done.publishDeadline).toBe('2026-11-16T15:59:59.999Z');
      expect(done.deadlineRules.publication).toMatchObject({ deadlines: '2026.2', workingDays: 10 });
      t.clock.current = at('2026-11-03T10:00:00+08:00');
      const published = await t.tasks.publish(id, 'r');
      expect(published.correctionDeadline).toBe('2026-11-04T15:59:59.999Z');

      const open = randomUUID();
      await insertTask(ds, {
        id: open,
        uscc: A,
        scheduledStart: at('2026-11-03T09:00:00+08:00'),
        dueAt: at('2026-11-20T18:00:00+08:00'),
      });
      expect(await t.tasks.dispatch(open)).toBe('dispatched');
      // The reminder is stored as the instant it is due: 24 hours (the 2026.2 lead) before the due time.
      const [reminder] = await ds.query(`SELECT run_at FROM outbox WHERE job_id = $1`, [`${open}-reminder`]);
      expect(new Date(reminder.run_at).toISOString()).toBe(at('2026-11-19T18:00:00+08:00').toISOString());
      expect((await t.tasks.get(open)).deadlineRules).toEqual({
        reminder: { deadlines: '2026.2', rule: 'reminder', leadHours: 24 },
      });
    });

    it('a year without a calendar file is CALENDAR_NOT_COVERED until its file is added', async () => {
      const id = await newTask('in_progress');
      // Monday 20 December 2027: 10 working days reach into 2028.
      t.clock.current = at('2027-12-20T10:00:00+08:00');
      await expect(t.tasks.submitResult(id, 'r', { outcome: 'compliant' })).rejects.toMatchObject({
        code: 'CALENDAR_NOT_COVERED',
        message: expect.stringMatching(/^regulatory calendar has no data for 2028 /),
      });
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
      const done = await t.tasks.submitResult(id, 'r', { outcome: 'compliant' });
      expect(done.publishDeadline).toBe('2028-01-03T15:59:59.999Z');
      expect(done.deadlineRules.publication?.calendar).toEqual([
        { year: 2027, status: 'provisional' },
        { year: 2028, status: 'provisional' },
      ]);
    });

    it('refuses a broken change and keeps using the last good data', async () => {
      writeFileSync(
        join(dir, 'deadlines/2026.3.json'),
        JSON.stringify({ kind: 'deadlines', version: '2026.3' }),
      );
      try {
        const id = await newTask('in_progress');
        t.clock.current = at('2026-11-02T10:00:00+08:00');
        const done = await t.tasks.submitResult(id, 'r', { outcome: 'compliant' });
        expect(done.deadlineRules.publication).toMatchObject({ deadlines: '2026.2' });
      } finally {
        rmSync(join(dir, 'deadlines/2026.3.json'));
      }
    });
  });

  it('dispatches at the start, then schedules the reminder and the overdue escalation', async () => {
    const id = await newTask();
    s.clock.current = at('2026-09-21T09:00:00+08:00');
    expect(await s.tasks.dispatch(id)).toBe('dispatched');
    expect(await s.tasks.dispatch(id)).toBe('nothing to do');
    const jobs: { job_id: string; run_at: Date }[] = await ds.query(
      `SELECT job_id, run_at FROM outbox WHERE job_id LIKE $1 ORDER BY job_id`,
      [`${id}-%`],
    );
    const due = at('2026-10-20T18:00:00+08:00').getTime();
    expect(jobs.map((j) => ({ job_id: j.job_id, run_at: new Date(j.run_at).getTime() }))).toEqual([
      { job_id: `${id}-overdue`, run_at: due },
      { job_id: `${id}-reminder`, run_at: due - 48 * 3600 * 1000 },
    ]);
    s.clock.current = at('2026-10-20T17:00:00+08:00');
    expect(await s.tasks.escalateOverdue(id)).toBe('nothing to do');
    s.clock.current = at('2026-10-20T18:30:00+08:00');
    expect(await s.tasks.escalateOverdue(id)).toBe('inspection_task.overdue');
    const list = await s.tasks.list({ overdue: true, limit: 10, offset: 0 });
    expect(list.items.map((t) => t.id)).toContain(id);
    const cancelled = await s.tasks.cancel(id, 'r', '企业已注销');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '企业已注销', overdue: false });
    await expect(s.tasks.cancel(id, 'r', 'again')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
