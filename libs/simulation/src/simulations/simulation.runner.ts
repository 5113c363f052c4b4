import { scopeCondition } from '@app/assessment';
import { AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import { JobName, OutboxWriter } from '@app/queue';
import { asFrequencyRuleSet, TieringRuleSet } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { BacktestService } from '../backtest/backtest.service';
import { Comparer } from '../evaluate/comparer';
import {
  addComparison,
  emptyTally,
  mergeTallies,
  simulationFigures,
  SimulationTally,
  tierOf,
} from '../tally/simulation-tally';
import { workloadRulesInForce } from '../workload/workload-rules';
import { SimulationResult } from './simulation.view';

export type SimulationChunkOutcome =
  | {
      status: 'done';
      processed: number;
      changed: number;
      /** Milliseconds deriving facts, comparing (both versions, frequency) and writing the tally. */
      timings: { deriveMs: number; compareMs: number; writeMs: number };
    }
  | { status: 'skipped'; reason: 'already done' | 'simulation finished' };

interface SimulationState {
  id: string;
  version: string;
  base_version: string;
  frequency_version: string;
  scope: Parameters<typeof scopeCondition>[0];
  sample: number | null;
  as_of: string;
  chunk_size: number;
  status: string;
  created_at: Date;
}

const OPEN = ['queued', 'running'];
const chunkJobId = (id: string, chunkNo: number) => `sim-${id}-chunk-${chunkNo}`;
const finishJobId = (id: string) => `sim-${id}-finish`;

/**
 * Runs simulations: planning writes the chunks once (the scope's enterprises, or a deterministic
 * sample of them, in registration order) and their jobs in the same transaction (outbox); a chunk
 * compares its enterprises and commits its tally, its changed enterprises and its "done" mark
 * together, so a chunk run twice (a worker killed after the commit) counts once; the last chunk
 * sends the finish job, which sums the tallies into the result. Facts are derived with the records
 * known when the simulation was asked for, so a chunk run again gives the same figures.
 */
@Injectable()
export class SimulationRunner {
  private readonly logger = new Logger(SimulationRunner.name);
  private readonly comparers = new Map<string, Promise<Comparer>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly backtests: BacktestService,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
  ) {}

  /** Writes the chunks once and (with `dispatch`) their jobs; returns the chunks still pending. */
  async plan(id: string, dispatch = true): Promise<{ status: string; pending: number[] }> {
    return this.dataSource.transaction(async (m) => {
      const s = await this.lock(m, id);
      if (!OPEN.includes(s.status)) return { status: s.status, pending: [] };
      if (s.status === 'queued') {
        const scope = scopeCondition(s.scope, 3);
        // A sample is the first `sample` enterprises of the scope by a hash of their code: the same
        // enterprises every time for the same scope and size, spread over regions and ages.
        const chosen =
          s.sample === null
            ? `SELECT e.uscc, e.registration_seq FROM enterprises e WHERE ${scope.sql}`
            : `SELECT e.uscc, e.registration_seq FROM enterprises e WHERE ${scope.sql}
                ORDER BY md5(e.uscc::text), e.uscc LIMIT $${3 + scope.params.length}`;
        await m.query(
          `INSERT INTO simulation_chunks (simulation_id, chunk_no, usccs)
           SELECT $1, n::int, array_agg(uscc ORDER BY uscc)
             FROM (SELECT c.uscc::text AS uscc, (row_number() OVER (ORDER BY c.registration_seq) - 1) / $2 AS n
                     FROM (${chosen}) c) x
            GROUP BY n`,
          [id, s.chunk_size, ...scope.params, ...(s.sample === null ? [] : [s.sample])],
        );
        await m.query(
          `UPDATE simulations SET status = 'running', started_at = now(),
                  total = (SELECT coalesce(sum(cardinality(usccs)), 0) FROM simulation_chunks WHERE simulation_id = $1)
            WHERE id = $1`,
          [id],
        );
      }
      const pending: { chunk_no: number }[] = await m.query(
        `SELECT chunk_no FROM simulation_chunks WHERE simulation_id = $1 AND status = 'pending' ORDER BY chunk_no`,
        [id],
      );
      const chunkNos = pending.map((p) => p.chunk_no);
      if (dispatch && s.status === 'queued') {
        await this.outbox.enqueueMany(
          m,
          chunkNos.map((chunkNo) => ({
            item: { name: JobName.SimulationChunk, data: { simulationId: id, chunkNo } },
            options: { jobId: chunkJobId(id, chunkNo) },
          })),
        );
        if (chunkNos.length === 0) await this.sendFinish(m, id);
      }
      return { status: 'running', pending: chunkNos };
    });
  }

  /** Compares one chunk, unless it is done; `dispatch`: the last chunk sends the finish job. */
  async runChunk(id: string, chunkNo: number, dispatch = true): Promise<SimulationChunkOutcome> {
    const [chunk]: { usccs: string[]; status: string }[] = await this.dataSource.query(
      `WITH c AS (
         UPDATE simulation_chunks SET attempts = attempts + 1 WHERE simulation_id = $1 AND chunk_no = $2
         RETURNING usccs, status)
       SELECT * FROM c`,
      [id, chunkNo],
    );
    if (!chunk) throw new DomainError(ErrorCode.NotFound, `simulation ${id} has no chunk ${chunkNo}`);
    if (chunk.status !== 'pending') {
      // Done by an earlier run of this job that may have died before sending the finish job.
      if (dispatch) await this.finishWhenDone(id);
      return { status: 'skipped', reason: 'already done' };
    }
    const s = await this.state(id);
    if (!OPEN.includes(s.status)) return { status: 'skipped', reason: 'simulation finished' };
    const comparer = await this.comparer(s);
    const t0 = performance.now();
    const derived = await comparer.derive(this.dataSource, chunk.usccs, s.as_of, new Date(s.created_at));
    const t1 = performance.now();
    const compared = await comparer.compareDerived(chunk.usccs, derived);
    const tally = emptyTally();
    const changes: Record<string, unknown>[] = [];
    for (const c of compared) {
      if (addComparison(tally, c.comparison)) {
        const explained = c.explain();
        changes.push({
          uscc: c.comparison.uscc,
          from_tier: tierOf(c.comparison.old),
          to_tier: tierOf(c.comparison.new),
          old_explanation: explained.old,
          new_explanation: explained.new,
        });
      }
    }
    const t2 = performance.now();
    const outcome = await this.dataSource.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `SELECT 1 FROM simulation_chunks WHERE simulation_id = $1 AND chunk_no = $2 AND status = 'pending' FOR UPDATE`,
        [id, chunkNo],
      );
      if (claimed.length === 0) return { status: 'skipped', reason: 'already done' } as const;
      if (changes.length > 0) {
        await m.query(
          `INSERT INTO simulation_changes (simulation_id, uscc, from_tier, to_tier, old_explanation, new_explanation)
           SELECT $1, x.uscc, x.from_tier, x.to_tier, x.old_explanation, x.new_explanation
             FROM jsonb_to_recordset($2::jsonb) AS x(uscc text, from_tier text, to_tier text,
                  old_explanation jsonb, new_explanation jsonb)
           ON CONFLICT (simulation_id, uscc) DO NOTHING`,
          [id, JSON.stringify(changes)],
        );
      }
      await m.query(
        `UPDATE simulation_chunks SET status = 'done', processed = $3, tally = $4::jsonb, finished_at = now()
          WHERE simulation_id = $1 AND chunk_no = $2`,
        [id, chunkNo, tally.processed, JSON.stringify(tally)],
      );
      return { status: 'done', processed: tally.processed, changed: tally.changed } as const;
    });
    if (dispatch) await this.finishWhenDone(id);
    if (outcome.status !== 'done') return outcome;
    return {
      ...outcome,
      timings: { deriveMs: t1 - t0, compareMs: t2 - t1, writeMs: performance.now() - t2 },
    };
  }

  /** Sums the chunks' tallies into the result (once); a simulation with chunks left undone fails. */
  async finish(id: string): Promise<void> {
    const s = await this.state(id);
    if (!OPEN.includes(s.status)) return;
    const chunks: { status: string; tally: SimulationTally | null }[] = await this.dataSource.query(
      `SELECT status, tally FROM simulation_chunks WHERE simulation_id = $1`,
      [id],
    );
    const undone = chunks.filter((c) => c.status !== 'done').length;
    let result: SimulationResult | null = null;
    if (undone === 0) {
      const draft = (await this.ruleSets.version('tiering', s.version)).ruleSet as TieringRuleSet;
      const base = (await this.ruleSets.version('tiering', s.base_version)).ruleSet as TieringRuleSet;
      const workload = workloadRulesInForce(s.as_of);
      const regionPrefix = s.scope.type === 'region' ? s.scope.prefix : null;
      const [roster]: { inspectors: number; capacity: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS inspectors, coalesce(sum(capacity_per_period), 0)::int AS capacity
           FROM inspectors WHERE active
            AND ($1::text IS NULL OR region_code LIKE $1 || '%' OR $1 LIKE region_code || '%')`,
        [regionPrefix],
      );
      const figures = simulationFigures(
        mergeTallies(chunks.map((c) => c.tally ?? emptyTally())),
        uniqueInOrder([...draft.outcome.tiers.map((t) => t.tier), ...base.outcome.tiers.map((t) => t.tier)]),
        uniqueInOrder([...draft.rules.map((r) => r.name), ...base.rules.map((r) => r.name)]),
        {
          inspectorsPerVisit: workload.inspectorsPerVisit,
          periodWorkingDays: workload.periodWorkingDays,
          roster: { inspectors: roster.inspectors, capacityPerPeriod: roster.capacity },
        },
      );
      result = {
        ...figures,
        observation: null,
        lights: null,
        backtest: await this.backtests.replay(draft, { scope: s.scope }),
        workloadRules: { version: workload.version },
      };
    }
    await this.dataSource.transaction(async (m) => {
      const locked = await this.lock(m, id);
      if (!OPEN.includes(locked.status)) return;
      const status = result ? 'completed' : 'failed';
      const reason = result ? null : `${undone} chunk(s) were not compared`;
      await m.query(
        `UPDATE simulations SET status = $2, result = $3::jsonb, failure_reason = $4, finished_at = now(),
                started_at = coalesce(started_at, now()), total = coalesce(total, 0) WHERE id = $1`,
        [id, status, result ? JSON.stringify(result) : null, reason],
      );
      await this.audit.append(m, [
        {
          actor: 'worker',
          action: `simulation.${status}`,
          entityType: 'simulation',
          entityId: id,
          data: { enterprises: result?.enterprises ?? null, changed: result?.changed ?? null, reason },
        },
      ]);
    });
    this.logger.log(
      `simulation ${id} finished: ${result ? `${result.changed} of ${result.enterprises} change tier` : 'failed'}`,
    );
  }

  /** A chunk failed for good: the simulation fails, naming it (a finished one is left alone). */
  async fail(id: string, chunkNo: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const reason = `chunk ${chunkNo} failed: ${message}`.slice(0, 2000);
    await this.dataSource.transaction(async (m) => {
      const s = await this.lock(m, id);
      if (!OPEN.includes(s.status)) return;
      await m.query(
        `UPDATE simulations SET status = 'failed', failure_reason = $2, finished_at = now() WHERE id = $1`,
        [id, reason],
      );
      await this.audit.append(m, [
        {
          actor: 'worker',
          action: 'simulation.failed',
          entityType: 'simulation',
          entityId: id,
          data: { reason },
        },
      ]);
    });
  }

  /** Runs a simulation in this process (the benchmark): plan, chunks `concurrency` at a time, finish. */
  async runInline(
    id: string,
    concurrency: number,
    onChunk?: (o: SimulationChunkOutcome) => void,
  ): Promise<void> {
    const { pending } = await this.plan(id, false);
    let next = 0;
    const lane = async () => {
      while (next < pending.length) {
        const outcome = await this.runChunk(id, pending[next++], false);
        onChunk?.(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
    await this.finish(id);
  }

  /**
   * Sends the finish job once every chunk is done. Chunks commit without waiting for each other;
   * this short step after each commit, under the simulation's row lock, sees the last one, and a
   * chunk job run again after its commit (its worker died) comes back here: the finish job is
   * never lost.
   */
  private async finishWhenDone(id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const s = await this.lock(m, id);
      if (!OPEN.includes(s.status)) return;
      const [{ left }]: { left: number }[] = await m.query(
        `SELECT count(*)::int AS left FROM simulation_chunks WHERE simulation_id = $1 AND status = 'pending'`,
        [id],
      );
      if (left > 0) return;
      // Sent already by a chunk that finished at the same time (BullMQ would drop the duplicate too).
      const sent: unknown[] = await m.query(`SELECT 1 FROM outbox WHERE job_id = $1 LIMIT 1`, [
        finishJobId(id),
      ]);
      if (sent.length === 0) await this.sendFinish(m, id);
    });
  }

  private async sendFinish(m: EntityManager, id: string): Promise<void> {
    await this.outbox.enqueue(
      m,
      { name: JobName.SimulationFinish, data: { simulationId: id } },
      { jobId: finishJobId(id) },
    );
  }

  private comparer(s: SimulationState): Promise<Comparer> {
    let comparer = this.comparers.get(s.id);
    if (!comparer) {
      comparer = Promise.all([
        this.ruleSets.version('tiering', s.base_version),
        this.ruleSets.version('tiering', s.version),
        this.ruleSets.version('frequency', s.frequency_version),
      ]).then(
        ([base, draft, frequency]) =>
          new Comparer(base.ruleSet, draft.ruleSet, asFrequencyRuleSet(frequency.ruleSet)),
      );
      void comparer.catch(() => this.comparers.delete(s.id));
      // A worker runs a handful of simulations at once: keep the last few.
      if (this.comparers.size >= 8) this.comparers.delete(this.comparers.keys().next().value!);
      this.comparers.set(s.id, comparer);
    }
    return comparer;
  }

  private async state(id: string): Promise<SimulationState> {
    const [s]: SimulationState[] = await this.dataSource.query(
      `SELECT ${STATE_COLUMNS} FROM simulations WHERE id = $1`,
      [id],
    );
    if (!s) throw new DomainError(ErrorCode.NotFound, `no simulation ${id}`);
    return s;
  }

  private async lock(m: EntityManager, id: string): Promise<SimulationState> {
    const [s]: SimulationState[] = await m.query(
      `SELECT ${STATE_COLUMNS} FROM simulations WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!s) throw new DomainError(ErrorCode.NotFound, `no simulation ${id}`);
    return s;
  }
}

const STATE_COLUMNS = `id, version, base_version, frequency_version, scope, sample, as_of::text AS as_of, chunk_size,
  status, created_at`;

function uniqueInOrder(values: string[]): string[] {
  return [...new Set(values)];
}
