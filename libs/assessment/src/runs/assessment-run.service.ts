import { regionPatterns } from '@app/auth';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import type { AssessmentTrigger } from '@app/persistence';
import { JobName, OutboxWriter, QueueName, QueueRegistry } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AssessmentService, BatchResult } from '../assess/assessment.service';
import { RuleSetStore } from '@app/rulesets';
import { AssessmentRunView, RunRow, toRunView } from './assessment-run.view';
import { pruneDueLog } from './due-log';
import { RunScope, scopeMembers } from './run-scope';

export interface CreateRun {
  scope: RunScope;
  /** YYYY-MM-DD (Asia/Shanghai); today when absent. */
  asOf?: string;
  trigger: AssessmentTrigger;
  requestedBy: string;
  chunkSize?: number;
}

export type ChunkOutcome =
  | { status: 'done'; result: BatchResult }
  | { status: 'skipped'; reason: 'already done' | 'run cancelled' | 'run finished' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OPEN = ['queued', 'planning', 'running'];

/** Job ids of a run's flow; a retry sends its failed chunks again under a new generation of ids. */
const flowPrefix = (runId: string, generation: number) =>
  generation === 0 ? `run-${runId}` : `run-${runId}-r${generation}`;
export const finishJobId = (runId: string, generation = 0) => `${flowPrefix(runId, generation)}-finish`;
export const chunkJobId = (runId: string, chunkNo: number, generation = 0) =>
  `${flowPrefix(runId, generation)}-chunk-${chunkNo}`;
/** The generation of a run's finish job, from its id (0 for the first flow). */
export const finishJobGeneration = (jobId: string | undefined): number =>
  Number(/-r(\d+)-finish$/.exec(jobId ?? '')?.[1] ?? 0);

/**
 * Re-tier runs. A run is created with its scope, as-of date and the tiering version in force then
 * (fixed for the whole run), together with its planning job (outbox, same transaction). Planning
 * writes the chunks (the scope's enterprises in registration order, `chunk_size` each, so a
 * chunk's register rows sit on neighbouring pages; a daily run's in code order: `scopeMembers`) and
 * adds them to BullMQ as a flow: one job per chunk under a finish job. A chunk's assessments and its
 * "done" mark commit in one transaction, and a run holds one assessment per enterprise (unique
 * index), so a chunk retried after a killed worker assesses nobody twice, and the finish job names
 * any chunk left undone.
 */
@Injectable()
export class AssessmentRunService {
  private readonly logger = new Logger(AssessmentRunService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentService,
    private readonly ruleSets: RuleSetStore,
    private readonly outbox: OutboxWriter,
    private readonly queues: QueueRegistry,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Records a run; with `dispatch: 'queue'` the worker plans and runs it, else the caller does. */
  async create(input: CreateRun, dispatch: 'queue' | 'inline' = 'queue'): Promise<AssessmentRunView> {
    const prepared = await this.prepare(input);
    const row = await this.dataSource.transaction((m) => this.insertRun(m, prepared, dispatch));
    this.logger.log(
      `run ${row.id}: ${describeScope(input.scope)} as of ${prepared.asOf}, tiering ${prepared.ruleSetVersion}`,
    );
    return toRunView(row, [], new Date(), this.config.assessmentRunStalledAfterMs);
  }

  /**
   * Records a queued run inside the caller's transaction (a rule-set activation starts its re-tier
   * run together with the version coming into force). Returns the run id.
   */
  async createWithin(m: EntityManager, input: CreateRun): Promise<string> {
    const prepared = await this.prepare(input);
    const row = await this.insertRun(m, prepared, 'queue');
    this.logger.log(
      `run ${row.id}: ${describeScope(input.scope)} as of ${prepared.asOf}, tiering ${prepared.ruleSetVersion}`,
    );
    return row.id;
  }

  private async prepare(
    input: CreateRun,
  ): Promise<CreateRun & { asOf: string; chunkSize: number; ruleSetKind: string; ruleSetVersion: string }> {
    const today = shanghaiDateOf(new Date());
    const asOf = input.asOf ?? today;
    if (!DATE.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00+08:00`))) {
      throw new DomainError(ErrorCode.ValidationFailed, 'asOf must be a date YYYY-MM-DD', [
        { path: 'asOf', message: `must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}` },
      ]);
    }
    if (asOf > today) {
      throw new DomainError(ErrorCode.ValidationFailed, 'asOf is in the future', [
        { path: 'asOf', message: `${asOf} is after today (${today}, Asia/Shanghai)` },
      ]);
    }
    const chunkSize = input.chunkSize ?? this.config.assessmentChunkSize;
    const { ruleSet } = await this.ruleSets.inForce('tiering', asOf);
    return { ...input, asOf, chunkSize, ruleSetKind: ruleSet.kind, ruleSetVersion: ruleSet.version };
  }

  private async insertRun(
    m: EntityManager,
    input: CreateRun & { asOf: string; chunkSize: number; ruleSetKind: string; ruleSetVersion: string },
    dispatch: 'queue' | 'inline',
  ): Promise<RunRow> {
    const [created]: RunRow[] = await m.query(
      `INSERT INTO assessment_runs (scope, as_of, trigger, rule_set_kind, rule_set_version, chunk_size, requested_by)
       VALUES ($1::jsonb, $2::date, $3, $4, $5, $6, $7) RETURNING ${RUN_COLUMNS}`,
      [
        JSON.stringify(input.scope),
        input.asOf,
        input.trigger,
        input.ruleSetKind,
        input.ruleSetVersion,
        input.chunkSize,
        input.requestedBy,
      ],
    );
    if (dispatch === 'queue') {
      await this.outbox.enqueue(
        m,
        { name: JobName.AssessmentRunPlan, data: { runId: created.id } },
        { jobId: `run-${created.id}-plan` },
      );
    }
    await this.audit.append(m, [
      {
        actor: input.requestedBy,
        action: 'assessment_run.created',
        entityType: 'assessment_run',
        entityId: created.id,
        data: {
          scope: input.scope,
          asOf: input.asOf,
          trigger: input.trigger,
          ruleSetVersion: input.ruleSetVersion,
        },
      },
    ]);
    return created;
  }

  /**
   * Writes the run's chunks once (one statement: the scope's enterprises in their order, cut
   * every chunk_size) and moves it to running. Returns the chunk numbers still pending.
   */
  async plan(runId: string): Promise<{ status: string; pending: number[]; generation: number }> {
    return this.dataSource.transaction(async (m) => {
      const run = await this.lockRun(m, runId);
      const generation = run.retries;
      if (!OPEN.includes(run.status)) return { status: run.status, pending: [], generation };
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM assessment_run_chunks WHERE run_id = $1`,
        [runId],
      );
      if (n === 0) {
        const scope = scopeMembers(run.scope, 3, run.as_of);
        await m.query(
          `INSERT INTO assessment_run_chunks (run_id, chunk_no, usccs)
           SELECT $1, n::int, array_agg(uscc ORDER BY uscc)
             FROM (SELECT s.uscc::text AS uscc, (row_number() OVER (ORDER BY s.seq, s.uscc) - 1) / $2 AS n
                     FROM (${scope.sql}) s) s
            GROUP BY n`,
          [runId, run.chunk_size, ...scope.params],
        );
        await m.query(
          `UPDATE assessment_runs SET status = 'running', started_at = now(),
                  total = (SELECT coalesce(sum(cardinality(usccs)), 0) FROM assessment_run_chunks WHERE run_id = $1)
            WHERE id = $1`,
          [runId],
        );
      }
      const pending: { chunk_no: number }[] = await m.query(
        `SELECT chunk_no FROM assessment_run_chunks WHERE run_id = $1 AND status = 'pending' ORDER BY chunk_no`,
        [runId],
      );
      return { status: 'running', pending: pending.map((p) => p.chunk_no), generation };
    });
  }

  /**
   * The due log's stale rows after a run as of `asOf` (see `pruneDueLog`), with the later-dated ones
   * after a full run; how many dated ones.
   */
  async pruneDueLog(asOf: string, options: { later?: boolean } = {}): Promise<number> {
    return pruneDueLog(this.dataSource, asOf, options);
  }

  /**
   * `pruneDueLog` after a run: its failure is logged, not the run's (the next run's prune retries;
   * the later-dated rows, the next full run's).
   */
  async pruneQuietly(run: Pick<AssessmentRunView, 'asOf' | 'scope'>): Promise<void> {
    const asOf = run.asOf;
    try {
      await this.pruneDueLog(asOf, { later: run.scope.type === 'all' });
    } catch (error) {
      this.logger.warn(`the due log was not pruned after a run as of ${asOf}: ${(error as Error).message}`);
    }
  }

  /** The worker's planning job: plan, then add the flow (once: its parent has a fixed id). */
  async planAndDispatch(runId: string, correlationId: string | null): Promise<{ chunks: number }> {
    const { status, pending, generation } = await this.plan(runId);
    if (status === 'cancelling') {
      await this.finish(runId);
      return { chunks: 0 };
    }
    if (status !== 'running') return { chunks: 0 };
    const queue = this.queues.get(QueueName.Assessment);
    if (await queue.getJob(finishJobId(runId, generation))) return { chunks: pending.length };
    await this.queues.addFlow(
      { item: { name: JobName.AssessmentRunFinish, data: { runId } }, jobId: finishJobId(runId, generation) },
      pending.map((chunkNo) => ({
        item: { name: JobName.AssessmentRunChunk, data: { runId, chunkNo } },
        jobId: chunkJobId(runId, chunkNo, generation),
      })),
      correlationId,
    );
    return { chunks: pending.length };
  }

  /**
   * Runs a run in this process (the CLI and the benchmark): plan, then the chunks with `concurrency`
   * of them in flight (the database works on one while this process evaluates another), then finish.
   */
  async runInline(
    runId: string,
    options: { concurrency?: number; onChunk?: (outcome: ChunkOutcome) => void; pruneDueLog?: boolean } = {},
  ): Promise<AssessmentRunView> {
    const { status, pending } = await this.plan(runId);
    if (status === 'running') {
      let next = 0;
      // A chunk that throws stops every lane (none takes another chunk) and, once the chunks in
      // flight are over, the run: the error reaches the caller, and the chunks left stay pending.
      let failed: { error: unknown } | null = null;
      const lane = async () => {
        while (!failed && next < pending.length) {
          try {
            const outcome = await this.runChunk(runId, pending[next++]);
            options.onChunk?.(outcome);
          } catch (error) {
            failed ??= { error };
          }
        }
      };
      // As many lanes as a worker runs jobs at once, unless told otherwise.
      await Promise.all(
        Array.from({ length: Math.max(1, options.concurrency ?? this.config.workerConcurrency) }, lane),
      );
      if (failed) throw (failed as { error: unknown }).error;
    }
    const finished = await this.finish(runId);
    if (options.pruneDueLog !== false && finished.status !== 'cancelled') await this.pruneQuietly(finished);
    return finished;
  }

  /** Assesses one chunk, unless it is done or the run was cancelled. */
  async runChunk(runId: string, chunkNo: number): Promise<ChunkOutcome> {
    const [chunk]: {
      usccs: string[];
      status: string;
      run_status: string;
      kind: string;
      version: string;
      as_of: string;
      trigger: AssessmentTrigger;
    }[] = await this.dataSource.query(
      // (a bare UPDATE … RETURNING comes back from TypeORM as [rows, count]; the CTE returns rows)
      `WITH c AS (
           UPDATE assessment_run_chunks c SET attempts = attempts + 1, started_at = coalesce(c.started_at, now())
             FROM assessment_runs r
            WHERE r.id = c.run_id AND c.run_id = $1 AND c.chunk_no = $2
            RETURNING c.usccs, c.status, r.status AS run_status, r.rule_set_kind AS kind,
                      r.rule_set_version AS version, r.as_of::text AS as_of, r.trigger)
         SELECT * FROM c`,
      [runId, chunkNo],
    );
    if (!chunk) throw new DomainError(ErrorCode.NotFound, `run ${runId} has no chunk ${chunkNo}`);
    if (chunk.status !== 'pending') return { status: 'skipped', reason: 'already done' };
    if (chunk.run_status === 'cancelling' || chunk.run_status === 'cancelled') {
      await this.dataSource.query(
        `UPDATE assessment_run_chunks SET status = 'skipped', finished_at = now()
          WHERE run_id = $1 AND chunk_no = $2 AND status = 'pending'`,
        [runId, chunkNo],
      );
      return { status: 'skipped', reason: 'run cancelled' };
    }
    if (!OPEN.includes(chunk.run_status)) return { status: 'skipped', reason: 'run finished' };
    const { ruleSet } = await this.ruleSets.version(chunk.kind, chunk.version);
    const result = await this.assessments.assessBatch(ruleSet, chunk.usccs, {
      asOf: chunk.as_of,
      trigger: chunk.trigger,
      runId,
      claim: async (m) => {
        const claimed: unknown[] = await m.query(
          `SELECT 1 FROM assessment_run_chunks WHERE run_id = $1 AND chunk_no = $2 AND status = 'pending' FOR UPDATE`,
          [runId, chunkNo],
        );
        return claimed.length === 1;
      },
      within: async (m, summary) => {
        await m.query(
          `UPDATE assessment_run_chunks
              SET status = 'done', assessed = $3, failed = $4, changed = $5, tiers = $6::jsonb,
                  transitions = $7::jsonb, confirmed = $8, finished_at = now()
            WHERE run_id = $1 AND chunk_no = $2`,
          [
            runId,
            chunkNo,
            summary.assessed,
            summary.failed,
            summary.changed,
            JSON.stringify(summary.tiers),
            JSON.stringify(summary.transitions),
            summary.confirmed,
          ],
        );
      },
    });
    if (result.skipped) return { status: 'skipped', reason: 'already done' };
    return { status: 'done', result };
  }

  /**
   * Closes a run: cancelled if asked; completed with failures if chunks are left undone after every
   * retry (marked failed, with their last error, and named); else completed. `errors` are the
   * failed chunk jobs' reasons as BullMQ recorded them (e.g. "stalled more than allowable limit").
   */
  async finish(
    runId: string,
    errors: Map<number, string> = new Map(),
    generation?: number,
  ): Promise<AssessmentRunView> {
    await this.dataSource.transaction(async (m) => {
      const run = await this.lockRun(m, runId);
      if (!OPEN.includes(run.status) && run.status !== 'cancelling') return;
      // A finish job of an earlier generation run again late (its worker died after the commit)
      // must not close the retry now under way.
      if (generation !== undefined && generation !== run.retries) return;
      await m.query(
        `UPDATE assessment_run_chunks c SET status = $2, finished_at = now(),
                last_error = coalesce(c.last_error,
                  (SELECT x.error FROM jsonb_to_recordset($3::jsonb) AS x(chunk_no int, error text)
                    WHERE x.chunk_no = c.chunk_no LIMIT 1))
          WHERE c.run_id = $1 AND c.status = 'pending'`,
        [
          runId,
          run.status === 'cancelling' ? 'skipped' : 'failed',
          JSON.stringify([...errors].map(([chunk_no, error]) => ({ chunk_no, error: error.slice(0, 2000) }))),
        ],
      );
      const [counts]: {
        pending: number[] | null;
        done: number;
        assessed: number;
        failed: number;
        changed: number;
      }[] = await m.query(
        `SELECT array_agg(chunk_no ORDER BY chunk_no) FILTER (WHERE status = 'failed') AS pending,
                  coalesce(sum(assessed + failed) FILTER (WHERE status = 'done'), 0)::int AS done,
                  coalesce(sum(assessed), 0)::int AS assessed, coalesce(sum(failed), 0)::int AS failed,
                  coalesce(sum(changed), 0)::int AS changed
             FROM assessment_run_chunks WHERE run_id = $1`,
        [runId],
      );
      const pending = counts.pending ?? [];
      const status =
        run.status === 'cancelling'
          ? 'cancelled'
          : pending.length > 0
            ? 'completed_with_failures'
            : 'completed';
      const reason =
        status === 'completed_with_failures'
          ? `${pending.length} chunk(s) not assessed after every retry: ${pending.slice(0, 20).join(', ')}${pending.length > 20 ? ', …' : ''}`
          : null;
      await m.query(
        `UPDATE assessment_runs SET status = $2, failure_reason = $3, finished_at = now(),
                started_at = coalesce(started_at, now()), total = coalesce(total, 0) WHERE id = $1`,
        [runId, status, reason],
      );
      await this.audit.append(m, [
        {
          actor: 'worker',
          action: `assessment_run.${status}`,
          entityType: 'assessment_run',
          entityId: runId,
          data: {
            done: counts.done,
            assessed: counts.assessed,
            failed: counts.failed,
            changed: counts.changed,
            reason,
          },
        },
      ]);
      this.logger.log(`run ${runId} ${status}: ${counts.done} assessed, ${counts.changed} changed tier`);
    });
    return this.get(runId);
  }

  /** Asks a run to stop: chunks not yet started are skipped, the finish job records it cancelled. */
  async cancel(runId: string, actor: string): Promise<AssessmentRunView> {
    await this.dataSource.transaction(async (m) => {
      const run = await this.lockRun(m, runId);
      if (run.status === 'cancelling') return;
      if (!OPEN.includes(run.status)) {
        throw new DomainError(ErrorCode.Conflict, `run ${runId} is already ${run.status}`, [
          { path: 'status', message: `a ${run.status} run cannot be cancelled` },
        ]);
      }
      await m.query(
        `UPDATE assessment_runs SET status = 'cancelling', cancel_requested_at = now() WHERE id = $1`,
        [runId],
      );
      await this.audit.append(m, [
        {
          actor,
          action: 'assessment_run.cancel_requested',
          entityType: 'assessment_run',
          entityId: runId,
          data: {},
        },
      ]);
    });
    return this.get(runId);
  }

  /**
   * Sends a finished run's failed chunks again (and only those), under a new generation of job ids:
   * the run is running again until its new finish job closes it. 409 while it is still running or
   * when no chunk failed.
   */
  async retry(runId: string, actor: string): Promise<AssessmentRunView> {
    await this.dataSource.transaction(async (m) => {
      const run = await this.lockRun(m, runId);
      if (OPEN.includes(run.status) || run.status === 'cancelling') {
        throw new DomainError(ErrorCode.Conflict, `run ${runId} is still ${run.status}`, [
          { path: 'status', message: `a ${run.status} run cannot be retried; wait until it has finished` },
        ]);
      }
      // A run closed before chunk failures were recorded as such left its failed chunks pending.
      const chunks: { chunk_no: number }[] = await m.query(
        // (a bare UPDATE … RETURNING comes back from TypeORM as [rows, count]; the CTE returns rows)
        `WITH c AS (
           UPDATE assessment_run_chunks SET status = 'pending', finished_at = NULL
            WHERE run_id = $1 AND status IN ('failed', 'pending') RETURNING chunk_no)
         SELECT chunk_no FROM c`,
        [runId],
      );
      if (chunks.length === 0 || run.status === 'cancelled') {
        throw new DomainError(ErrorCode.Conflict, `run ${runId} has no failed chunks to retry`, [
          { path: 'status', message: `the run is ${run.status}; only failed chunks are retried` },
        ]);
      }
      const generation = run.retries + 1;
      await m.query(
        `UPDATE assessment_runs SET status = 'running', retries = $2, finished_at = NULL, failure_reason = NULL
          WHERE id = $1`,
        [runId, generation],
      );
      await this.outbox.enqueue(
        m,
        { name: JobName.AssessmentRunPlan, data: { runId } },
        { jobId: `run-${runId}-plan-r${generation}` },
      );
      const chunkNos = chunks.map((c) => c.chunk_no).sort((a, b) => a - b);
      await this.audit.append(m, [
        {
          actor,
          action: 'assessment_run.retry_requested',
          entityType: 'assessment_run',
          entityId: runId,
          data: { chunks: chunkNos, generation },
        },
      ]);
      this.logger.log(`run ${runId}: retrying chunk(s) ${chunkNos.join(', ')} (generation ${generation})`);
    });
    return this.get(runId);
  }

  /** Keeps a chunk's latest error, for the run view once the chunk has failed for good. */
  async recordChunkError(runId: string, chunkNo: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.dataSource.query(
      `UPDATE assessment_run_chunks SET last_error = $3 WHERE run_id = $1 AND chunk_no = $2 AND status = 'pending'`,
      [runId, chunkNo, message.slice(0, 2000)],
    );
  }

  async get(runId: string): Promise<AssessmentRunView> {
    if (!/^[0-9a-f-]{36}$/i.test(runId))
      throw new DomainError(ErrorCode.NotFound, `no assessment run ${runId}`);
    const [row]: RunRow[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM assessment_runs WHERE id = $1`,
      [runId],
    );
    if (!row) throw new DomainError(ErrorCode.NotFound, `no assessment run ${runId}`);
    const chunks: ChunkRow[] = await this.dataSource.query(
      `SELECT ${CHUNK_COLUMNS} FROM assessment_run_chunks WHERE run_id = $1`,
      [runId],
    );
    return toRunView(row, chunks, new Date(), this.config.assessmentRunStalledAfterMs);
  }

  /**
   * Recent runs, newest first. `regions` (a regulator's prefixes; null for everyone) keeps the runs
   * whose region scope lies inside them, and the runs over lists of codes `requestedBy` asked for.
   */
  async list(filter: {
    limit: number;
    offset: number;
    regions?: string[] | null;
    requestedBy?: string;
  }): Promise<{ items: AssessmentRunView[]; total: number }> {
    const where = `($1::text[] IS NULL OR (scope->>'type' = 'region' AND scope->>'prefix' LIKE ANY ($1::text[]))
                     OR (scope->>'type' = 'uscc' AND requested_by = $2))`;
    const params = [regionPatterns(filter.regions ?? null), filter.requestedBy ?? null];
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM assessment_runs WHERE ${where}`,
      params,
    );
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM assessment_runs WHERE ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    );
    const chunks: (ChunkRow & { run_id: string })[] = await this.dataSource.query(
      `SELECT run_id, ${CHUNK_COLUMNS} FROM assessment_run_chunks WHERE run_id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    const now = new Date();
    const items = rows.map((r) =>
      toRunView(
        r,
        chunks.filter((c) => c.run_id === r.id),
        now,
        this.config.assessmentRunStalledAfterMs,
      ),
    );
    return { items, total };
  }

  /**
   * Whether a scheduled run already exists for a date (the monthly and daily jobs are retried
   * safely): of every enterprise, or with `anyScope` also the daily run of the due ones.
   */
  async scheduledRunFor(asOf: string, anyScope = false): Promise<string | null> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM assessment_runs WHERE trigger = 'scheduled' AND as_of = $1::date
          AND ($2 OR scope->>'type' = 'all') LIMIT 1`,
      [asOf, anyScope],
    );
    return row?.id ?? null;
  }

  private async lockRun(m: EntityManager, runId: string): Promise<RunRow> {
    const [run]: RunRow[] = await m.query(
      `SELECT ${RUN_COLUMNS} FROM assessment_runs WHERE id = $1 FOR UPDATE`,
      [runId],
    );
    if (!run) throw new DomainError(ErrorCode.NotFound, `no assessment run ${runId}`);
    return run;
  }
}

export interface ChunkRow {
  chunk_no: number;
  status: string;
  enterprises: number;
  attempts: number;
  finished_at: Date | null;
  last_error: string | null;
  assessed: number;
  failed: number;
  /** Of the assessed, those whose current assessment was confirmed, not written again. */
  confirmed: number;
  changed: number;
  tiers: Record<string, number>;
  transitions: Record<string, number>;
}

const RUN_COLUMNS = `id, scope, as_of::text AS as_of, trigger, rule_set_kind, rule_set_version, status, chunk_size, total,
  requested_by, failure_reason, retries, created_at, started_at, finished_at, cancel_requested_at`;

const CHUNK_COLUMNS = `chunk_no, status, cardinality(usccs) AS enterprises, attempts, finished_at, last_error,
  assessed, failed, confirmed, changed, tiers, transitions`;

function describeScope(scope: RunScope): string {
  switch (scope.type) {
    case 'all':
      return 'every enterprise';
    case 'region':
      return `region ${scope.prefix}*`;
    case 'industry':
      return `industry ${scope.prefix}*`;
    case 'uscc':
      return `${scope.usccs.length} listed enterprise(s)`;
    case 'due':
      return 'enterprises whose tier is due to change or whose records changed';
  }
}
