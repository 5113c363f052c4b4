import { Role } from '@app/auth';
import { shanghaiDateOf, startOfShanghaiDay } from '@app/domain';
import { QueueName, QueueRegistry } from '@app/queue';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

const SEEDS = join(__dirname, '..', '..', 'seeds', 'demo');
const read = (file: string): unknown[] => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown[];
const TRACE = 'plan-trace-7f3a';

interface LogLine {
  level: string;
  msg: string;
  correlationId?: string;
  context?: string;
  req?: { method: string; url: string; headers: Record<string, string> };
}

/**
 * One correlation id from the HTTP call that draws a plan, through the outbox, into each task's
 * dispatch job, into the reminder jobs the dispatch jobs enqueue, and into every JSON log line of
 * all of them: `grep plan-trace-7f3a` follows the plan to its last reminder.
 */
describe('JSON logs carry the correlation id from the request through every job it causes', () => {
  let stack: Stack;
  let regulator: string;
  const lines: LogLine[] = [];
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        let ours = false;
        for (const line of text.split('\n').filter(Boolean)) {
          try {
            lines.push(JSON.parse(line) as LogLine);
            ours = true;
          } catch {
            // not a log line of ours
          }
        }
        return ours ? true : write(chunk, ...(rest as []));
      });
    stack = await Stack.start({
      env: await TestEnv.create({ LOG_LEVEL: 'log', REASSESS_DEBOUNCE_MS: '600000' }),
    });
    regulator = stack.token(Role.Regulator);
    for (const [path, file] of [
      ['/api/v1/enterprises', 'enterprises.json'],
      ['/api/v1/records', 'records.json'],
    ]) {
      expect(
        (await stack.request('POST', path, { token: stack.token(Role.Ingest), body: read(file) })).status,
      ).toBe(200);
    }
    const run = await stack.request<{ id: string }>('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { asOf: '2026-11-01' },
    });
    await eventually(async () => {
      const r = await stack.request<{ status: string }>('GET', `/api/v1/assessment-runs/${run.body.id}`, {
        token: regulator,
      });
      return r.body.status === 'completed';
    }, 30_000);
    const roster = Array.from({ length: 6 }, (_, i) => ({
      id: `CT-${i}`,
      name: `检查员${i}`,
      department: '市场监管',
      regionCode: ['33', '35', '37'][i % 3],
      qualifications: ['食品安全'],
      certified: true,
      capacityPerPeriod: 20,
    }));
    expect(
      (await stack.request('POST', '/api/v1/inspectors', { token: regulator, body: roster })).status,
    ).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    jest.restoreAllMocks();
  });

  it('follows a plan from the call to its last reminder', async () => {
    const today = shanghaiDateOf(new Date());
    const windowEnd = shanghaiDateOf(new Date(startOfShanghaiDay(today).getTime() + 20 * 86_400_000));
    const created = await stack.request<{ id: string; selected: number }>(
      'POST',
      '/api/v1/inspection-plans',
      {
        token: regulator,
        headers: { 'x-correlation-id': TRACE },
        body: {
          name: '追踪批次',
          // the window opened at 00:00 today: the tasks are dispatched at once
          window: { start: today, end: windowEnd },
          scope: {},
          items: [{ name: '食品安全', type: 'general', department: '食品经营处', qualification: '食品安全' }],
          seed: 'trace-seed',
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe(TRACE);
    expect(created.body.selected).toBeGreaterThan(0);
    const ds = stack.worker!.get(DataSource);
    const taskRows = await ds.query<{ id: string }[]>(
      `SELECT id::text FROM inspection_tasks WHERE plan_id = $1 AND status = 'assigned'`,
      [created.body.id],
    );
    const tasks = taskRows.map((t) => t.id);
    expect(tasks.length).toBeGreaterThan(0);

    // Each dispatch job enqueued its task's reminder through the outbox, with the request's id.
    const reminders = await eventually(async () => {
      const rows: { job_id: string; correlation_id: string | null }[] = await ds.query(
        `SELECT job_id, correlation_id FROM outbox WHERE job_name = 'inspection.reminder' AND job_id = ANY ($1)`,
        [tasks.map((t) => `${t}-reminder`)],
      );
      return rows.length === tasks.length && rows;
    }, 20_000);
    expect(reminders.map((r) => r.correlation_id)).toEqual(tasks.map(() => TRACE));
    // Time passes: the reminders come due (the relay handed them to BullMQ as delayed jobs).
    const queue = stack.worker!.get(QueueRegistry).get(QueueName.Inspection);
    for (const { job_id } of reminders) {
      const job = await eventually(() => queue.getJob(job_id), 20_000);
      await job.promote();
    }
    await eventually(async () => {
      const [row]: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM inspection_tasks WHERE id = ANY ($1::uuid[]) AND reminded_at IS NOT NULL`,
        [tasks],
      );
      return row.n === tasks.length;
    }, 20_000);
    // the worker logs a job's end after its handler returns
    const traced = await eventually(async () => {
      const mine = lines.filter((l) => l.correlationId === TRACE);
      const done = mine.filter((l) => /^inspection\.reminder \S+ done in/.test(l.msg));
      return done.length === tasks.length && mine;
    }, 10_000);

    // The request itself: pino-http's line, with the credentials hidden.
    const request = traced.find((l) => l.req?.url === '/api/v1/inspection-plans');
    expect(request).toMatchObject({ level: 'info', req: { method: 'POST' } });
    expect(request!.req!.headers.authorization).toBe('(hidden)');
    for (const task of tasks) {
      expect(traced.some((l) => l.msg.startsWith(`inspection.dispatch ${task} done in`))).toBe(true);
      expect(traced.some((l) => l.msg.startsWith(`task ${task} (`) && l.msg.includes('dispatched to'))).toBe(
        true,
      );
      expect(traced.some((l) => l.msg.startsWith(`inspection.reminder ${task}-reminder done in`))).toBe(true);
    }
    // Its audit entries carry it too, those written by the jobs included.
    const audit: { action: string }[] = await ds.query(
      `SELECT DISTINCT action FROM audit_log WHERE correlation_id = $1 ORDER BY action`,
      [TRACE],
    );
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['inspection_plan.created']));
    // Nothing else got this id.
    const other = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE correlation_id = $1 AND job_name NOT LIKE 'inspection.%'`,
      [TRACE],
    );
    expect(other).toEqual([{ n: 0 }]);
  });
});
