import { setTimeout as sleep } from 'node:timers/promises';
import { call, callRetrying, StatusTally, until } from './drill-http';
import { LocalStack } from './local-stack';

export const DRILL_NAMES = ['kill-worker', 'redis-outage', 'pg-restart', 'sigterm'] as const;
export type DrillName = (typeof DRILL_NAMES)[number];

export interface DrillOptions {
  /** The CI size: small populations, short outages (each drill well under a minute). */
  short: boolean;
  /** Progress lines for a human. */
  say?: (line: string) => void;
  /** The apps' own log lines (noisy; off by default). */
  appLog?: (line: string) => void;
}

export interface DrillResult {
  drill: DrillName;
  /** What lost and doubled count. */
  counts: string;
  lost: number;
  doubled: number;
  /** Other findings that must hold (each a reason the drill fails), e.g. a 500 or a late exit. */
  problems: string[];
  figures: Record<string, string | number>;
}

interface RunView {
  id: string;
  status: string;
  progress: { total: number | null; done: number; stalled: boolean };
  failedChunks: unknown[];
}

const TODAY = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function runDrill(name: DrillName, options: DrillOptions): Promise<DrillResult> {
  switch (name) {
    case 'kill-worker':
      return killWorker(options);
    case 'redis-outage':
      return redisOutage(options);
    case 'pg-restart':
      return pgRestart(options);
    case 'sigterm':
      return sigterm(options);
  }
}

/** Assessments of a run: enterprises in scope without one (lost), extra rows (doubled). */
async function assessmentCounts(
  stack: LocalStack,
  runId: string,
): Promise<{ lost: number; doubled: number }> {
  const [row] = await stack.query<{ lost: number; doubled: number }>(
    `WITH a AS (SELECT uscc, count(*) AS n FROM run_assessments WHERE run_id = $1 GROUP BY uscc)
     SELECT (SELECT count(*) FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.uscc = e.uscc))::int AS lost,
            coalesce((SELECT sum(n - 1) FROM a), 0)::int AS doubled`,
    [runId],
  );
  return row;
}

async function startRun(stack: LocalStack, token: string): Promise<string> {
  const created = await call<RunView>(stack.apiUrl, 'POST', '/api/v1/assessment-runs', {
    token,
    body: JSON.stringify({ scope: { type: 'all' }, asOf: TODAY() }),
  });
  if (created.status !== 202) throw new Error(`drill: run not created (${created.status})`);
  return created.body.id;
}

async function runView(stack: LocalStack, token: string, id: string): Promise<RunView | undefined> {
  const res = await call<RunView>(stack.apiUrl, 'GET', `/api/v1/assessment-runs/${id}`, { token });
  return res.status === 200 ? res.body : undefined;
}

const finished = (v: RunView | undefined) =>
  v && !['queued', 'planning', 'running', 'cancelling'].includes(v.status) ? v : undefined;

/** The stack of a re-tier run drill: small chunks, stalled chunks noticed within seconds. */
function runDrillEnv(short: boolean | undefined): Record<string, string> {
  return {
    ASSESSMENT_CHUNK_SIZE: short ? '100' : '500',
    WORKER_CONCURRENCY: '2',
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    WORKER_MAX_STALLED_COUNT: '5',
    REASSESS_DEBOUNCE_MS: '3600000',
  };
}

/**
 * kill-worker: a re-tier run while its worker is killed (SIGKILL) three times, each at a later point
 * of the run; a fresh worker takes over each time. Counts assessments per enterprise in the run.
 */
async function killWorker({ short, say, appLog }: DrillOptions): Promise<DrillResult> {
  const enterprises = short ? 2000 : 20_000;
  const stack = await LocalStack.start({
    log: appLog,
    env: runDrillEnv(short),
  });
  say?.('stack up');
  try {
    say?.(`seeding ${enterprises} enterprises`);
    await stack.cli(['seed', '--enterprises', String(enterprises), '--seed', '11']);
    say?.('seeded');
    await stack.startApp('api');
    let worker = await stack.startApp('worker');
    const token = await stack.token('regulator');
    say?.('api and worker up');
    const started = Date.now();
    const runId = await startRun(stack, token);
    let kills = 0;
    for (const share of [0.15, 0.4, 0.65]) {
      const view = await until(
        `run ${share * 100}% done`,
        async () => {
          const v = await runView(stack, token, runId);
          if (!v) return undefined;
          const total = v.progress.total ?? 0;
          return (finished(v) || (total > 0 && v.progress.done >= total * share)) && v;
        },
        120_000,
      );
      if (finished(view)) break;
      await stack.stopApp(worker, 'SIGKILL');
      kills += 1;
      say?.(`killed the worker at ${view.progress.done}/${view.progress.total} (kill ${kills})`);
      worker = await stack.startApp('worker');
    }
    const end = await until(
      'run finished',
      async () => finished(await runView(stack, token, runId)),
      180_000,
    );
    const { lost, doubled } = await assessmentCounts(stack, runId);
    const [chunks] = await stack.query<{ retried: number; total: number }>(
      `SELECT count(*) FILTER (WHERE attempts > 1)::int AS retried, count(*)::int AS total
         FROM assessment_run_chunks WHERE run_id = $1`,
      [runId],
    );
    return {
      drill: 'kill-worker',
      counts: 'assessments per enterprise in the run',
      lost,
      doubled,
      problems: end.status === 'completed' ? [] : [`run ended ${end.status}`],
      figures: {
        enterprises,
        kills,
        chunks: chunks.total,
        chunksRetried: chunks.retried,
        runStatus: end.status,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      },
    };
  } finally {
    await stack.dispose();
  }
}

/**
 * redis-outage: inspection tasks are dispatched through the outbox, then Redis goes away for longer
 * than the time to their due date and comes back. Every task must get its reminder and its overdue
 * escalation exactly once, the escalation never before the due time.
 */
async function redisOutage({ short, say, appLog }: DrillOptions): Promise<DrillResult> {
  const tasks = short ? 200 : 2000;
  const dueInMs = short ? 4000 : 15_000;
  const outageMs = short ? 8000 : 30_000;
  const stack = await LocalStack.start({
    log: appLog,
    env: { REASSESS_DEBOUNCE_MS: '3600000', OUTBOX_ENQUEUE_TIMEOUT_MS: '500', WORKER_CONCURRENCY: '8' },
  });
  try {
    await stack.cli(['seed', '--enterprises', String(tasks), '--seed', '12']);
    await stack.startApp('worker');
    const db = await stack.db();
    try {
      // Tasks as a plan writes them (assigned, two inspectors), each with its dispatch job due now.
      await db.query(
        `WITH t AS (SELECT gen_random_uuid() AS id, uscc FROM enterprises ORDER BY uscc LIMIT $1),
              ins AS (
                INSERT INTO inspection_tasks (id, uscc, kind, status, inspector_ids, items, scheduled_start, due_at, trigger_reason)
                SELECT id, uscc, 'triggered', 'assigned', ARRAY['I-1','I-2'], '[{"name":"食品安全","type":"key"}]',
                       now(), now() + $2 * interval '1 millisecond', 'drill' FROM t RETURNING id)
         INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
         SELECT 'inspection', 'inspection.dispatch', id::text, jsonb_build_object('taskId', id::text), now() FROM ins`,
        [tasks, dueInMs],
      );
    } finally {
      await db.end();
    }
    await stack.stopRedis();
    say?.(`${tasks} tasks due in ${dueInMs} ms; Redis down for ${outageMs} ms`);
    await sleep(outageMs);
    await stack.startRedis();
    const backAt = new Date();
    say?.('Redis back');
    await until(
      'every task escalated',
      async () => {
        const [r] = await stack.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM inspection_tasks WHERE escalated_at IS NULL`,
        );
        return r.n === 0;
      },
      120_000,
    ).catch(() => undefined);
    const [counts] = await stack.query<{
      lost: number;
      doubled: number;
      early: number;
      max_slip_ms: number;
      first_after_back_ms: number;
      median_after_back_ms: number;
      last_after_back_ms: number;
    }>(
      `WITH per AS (
         SELECT t.id, t.due_at, t.escalated_at,
                count(*) FILTER (WHERE a.action = 'inspection_task.reminded') AS reminded,
                count(*) FILTER (WHERE a.action = 'inspection_task.overdue') AS overdue
           FROM inspection_tasks t LEFT JOIN audit_log a ON a.entity_type = 'inspection_task' AND a.entity_id = t.id::text
          GROUP BY t.id)
       SELECT (count(*) FILTER (WHERE reminded = 0) + count(*) FILTER (WHERE overdue = 0))::int AS lost,
              coalesce(sum(greatest(reminded - 1, 0) + greatest(overdue - 1, 0)), 0)::int AS doubled,
              count(*) FILTER (WHERE escalated_at < due_at)::int AS early,
              coalesce(max(extract(epoch FROM escalated_at - due_at) * 1000), 0)::int AS max_slip_ms,
              coalesce(min(extract(epoch FROM escalated_at - $1::timestamptz) * 1000), 0)::int AS first_after_back_ms,
              coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM escalated_at - $1::timestamptz) * 1000), 0)::int
                AS median_after_back_ms,
              coalesce(max(extract(epoch FROM escalated_at - $1::timestamptz) * 1000), 0)::int AS last_after_back_ms
         FROM per`,
      [backAt.toISOString()],
    );
    return {
      drill: 'redis-outage',
      counts: 'reminders and overdue escalations per task',
      lost: counts.lost,
      doubled: counts.doubled,
      problems: counts.early > 0 ? [`${counts.early} escalation(s) before the due time`] : [],
      figures: {
        tasks,
        dueInMs,
        outageMs,
        escalatedBeforeDue: counts.early,
        // Due during the outage: escalated once Redis is back (the backlog drains), not the
        // outage's length after it.
        maxMsAfterDue: counts.max_slip_ms,
        firstEscalationMsAfterRedisBack: counts.first_after_back_ms,
        medianEscalationMsAfterRedisBack: counts.median_after_back_ms,
        lastEscalationMsAfterRedisBack: counts.last_after_back_ms,
      },
    };
  } finally {
    await stack.dispose();
  }
}

/**
 * pg-restart: a large upload becomes an import job; PostgreSQL restarts while it runs and while a
 * client keeps sending small uploads. The client sees 503 with Retry-After (never 500) and retries;
 * the import resumes. Counts ingested rows against what was sent and accepted.
 */
async function pgRestart({ short, say, appLog }: DrillOptions): Promise<DrillResult> {
  const importRows = short ? 20_000 : 200_000;
  const downMs = short ? 2000 : 5000;
  const stack = await LocalStack.start({
    log: appLog,
    env: {
      REASSESS_DEBOUNCE_MS: '3600000',
      INGEST_INLINE_MAX_BYTES: '4096',
      INGEST_BATCH_SIZE: '500',
    },
  });
  try {
    await stack.cli(['seed', '--enterprises', '200', '--seed', '13']);
    const usccs = (await stack.query<{ uscc: string }>(`SELECT uscc FROM enterprises ORDER BY uscc`)).map(
      (r) => r.uscc,
    );
    await stack.startApp('api');
    await stack.startApp('worker');
    const token = await stack.token('ingest');
    const row = (id: string, i: number) =>
      JSON.stringify({
        uscc: usccs[i % usccs.length],
        type: 'complaint',
        source: 'drill',
        sourceRecordId: id,
        severity: 'low',
        occurredAt: '2026-08-21T19:30:00+08:00',
      });
    const big = Array.from({ length: importRows }, (_, i) => row(`I-${i}`, i)).join('\n');
    const tally = new StatusTally();
    const upload = await callRetrying(tally, () =>
      call<{ id: string }>(stack.apiUrl, 'POST', '/api/v1/records', {
        token,
        body: big,
        contentType: 'application/x-ndjson',
      }),
    );
    if (upload.status !== 202)
      throw new Error(`drill: the large upload was not taken as an import (${upload.status})`);
    const importId = upload.body.id;

    // A client sending small uploads the whole time, retrying on 503 as told.
    const accepted: string[] = [];
    let sending = true;
    const client = (async () => {
      for (let n = 0; sending; n++) {
        const ids = [0, 1, 2].map((k) => `L-${n}-${k}`);
        const res = await callRetrying(tally, () =>
          call(stack.apiUrl, 'POST', '/api/v1/records', {
            token,
            body: ids.map((id, k) => row(id, n * 3 + k)).join('\n'),
            contentType: 'application/x-ndjson',
          }),
        );
        if (res.status === 200) accepted.push(...ids);
        await sleep(50);
      }
    })();

    await until(
      'import started',
      async () => {
        const v = await call<{ rowsDone: number }>(stack.apiUrl, 'GET', `/api/v1/imports/${importId}`, {
          token,
        });
        return v.status === 200 && v.body.rowsDone > 0;
      },
      60_000,
    );
    say?.(`import running; restarting PostgreSQL (down ${downMs} ms)`);
    stack.stopPostgres('fast');
    await sleep(downMs);
    await stack.startPostgres();
    say?.('PostgreSQL back');
    await sleep(short ? 2000 : 5000);
    sending = false;
    await client;
    const end = await until(
      'import finished',
      async () => {
        const v = await call<{ status: string; attempts: number }>(
          stack.apiUrl,
          'GET',
          `/api/v1/imports/${importId}`,
          {
            token,
          },
        );
        return v.status === 200 && ['done', 'failed'].includes(v.body.status) && v.body;
      },
      180_000,
    );
    const expected = [...Array.from({ length: importRows }, (_, i) => `I-${i}`), ...accepted];
    const [counts] = await stack.query<{ lost: number; doubled: number }>(
      `WITH sent AS (SELECT unnest($1::text[]) AS id),
            got AS (SELECT source_record_id AS id, count(*) AS n FROM risk_records WHERE source = 'drill' GROUP BY 1)
       SELECT (SELECT count(*) FROM sent WHERE NOT EXISTS (SELECT 1 FROM got WHERE got.id = sent.id))::int AS lost,
              coalesce((SELECT sum(n - 1) FROM got), 0)::int AS doubled`,
      [expected],
    );
    const problems: string[] = [];
    if (tally.count(500) > 0) problems.push(`${tally.count(500)} answer(s) 500`);
    if (tally.unavailableWithoutRetryAfter > 0) {
      problems.push(`${tally.unavailableWithoutRetryAfter} answer(s) 503 without Retry-After`);
    }
    if (end.status !== 'done') problems.push(`import ended ${end.status}`);
    return {
      drill: 'pg-restart',
      counts: 'ingested rows (import + small uploads accepted)',
      lost: counts.lost,
      doubled: counts.doubled,
      problems,
      figures: {
        importRows,
        smallUploadRows: accepted.length,
        pgDownMs: downMs,
        answers: tally.toString(),
        importAttempts: end.attempts,
      },
    };
  } finally {
    await stack.dispose();
  }
}

/**
 * sigterm: a run is under way when Redis and PostgreSQL both stop answering (frozen); api and worker get
 * SIGTERM and must be gone within their grace. Services return, a new worker finishes the run.
 * Counts assessments per enterprise in the run; a late exit is a problem.
 */
async function sigterm({ short, say, appLog }: DrillOptions): Promise<DrillResult> {
  const enterprises = short ? 2000 : 20_000;
  const graceSeconds = 5;
  const stack = await LocalStack.start({
    log: appLog,
    env: {
      ...runDrillEnv(short),
      WORKER_SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
      API_SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    },
  });
  try {
    await stack.cli(['seed', '--enterprises', String(enterprises), '--seed', '14']);
    const api = await stack.startApp('api');
    const worker = await stack.startApp('worker');
    const token = await stack.token('regulator');
    const runId = await startRun(stack, token);
    await until(
      'run under way',
      async () => {
        const v = await runView(stack, token, runId);
        return v && v.progress.done > 0 && v;
      },
      120_000,
    );
    // Frozen, not stopped: connections stay open and nothing answers, so every close and every
    // query in flight would wait forever without the deadlines.
    stack.signalRedis('SIGSTOP');
    stack.signalPostgres('SIGSTOP');
    // A request in flight on the frozen database: the api cannot finish it, and must exit anyway.
    const hanging = call(stack.apiUrl, 'GET', `/api/v1/assessment-runs/${runId}`, {
      token,
      timeoutMs: 60_000,
    });
    await sleep(300);
    say?.('Redis and PostgreSQL frozen (SIGSTOP), a request in flight; SIGTERM to api and worker');
    const [apiExit, workerExit] = await Promise.all([
      stack.stopApp(api, 'SIGTERM'),
      stack.stopApp(worker, 'SIGTERM'),
    ]);
    stack.signalRedis('SIGCONT');
    stack.signalPostgres('SIGCONT');
    say?.('Redis and PostgreSQL thawed');
    const inFlight = await hanging;
    await stack.startApp('api');
    await stack.startApp('worker');
    const end = await until(
      'run finished',
      async () => finished(await runView(stack, token, runId)),
      180_000,
    );
    const { lost, doubled } = await assessmentCounts(stack, runId);
    const graceMs = graceSeconds * 1000;
    // Measured from the signal to the exit event, so it includes the process's teardown.
    const late = (ms: number) => ms > graceMs;
    const problems: string[] = [];
    if (late(apiExit.ms)) problems.push(`api took ${apiExit.ms} ms to exit (grace ${graceMs} ms)`);
    if (late(workerExit.ms)) problems.push(`worker took ${workerExit.ms} ms to exit (grace ${graceMs} ms)`);
    if (end.status !== 'completed') problems.push(`run ended ${end.status}`);
    return {
      drill: 'sigterm',
      counts: 'assessments per enterprise in the run',
      lost,
      doubled,
      problems,
      figures: {
        enterprises,
        graceMs,
        apiExitMs: apiExit.ms,
        apiExitCode: String(apiExit.code),
        workerExitMs: workerExit.ms,
        workerExitCode: String(workerExit.code),
        inFlightRequest: inFlight.status === 0 ? 'connection closed' : String(inFlight.status),
        runStatus: end.status,
      },
    };
  } finally {
    await stack.dispose();
  }
}
