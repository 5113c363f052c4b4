import { runProgress, RunScope } from '@app/assessment';
import type { BacktestView } from '../backtest/backtest.service';
import type { SimulationFigures } from '../tally/simulation-tally';

export interface SimulationRow {
  id: string;
  kind: string;
  version: string;
  base_version: string;
  frequency_version: string;
  scope: RunScope;
  sample: number | null;
  as_of: string;
  chunk_size: number;
  status: string;
  total: number | null;
  result: SimulationResult | null;
  failure_reason: string | null;
  requested_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** Enterprises of the chunks done so far, and the chunks (all / done). */
  processed: number;
  chunks: number;
  chunks_done: number;
}

export const SIMULATION_COLUMNS = `s.id, s.kind, s.version, s.base_version, s.frequency_version, s.scope, s.sample,
  s.as_of::text AS as_of, s.chunk_size, s.status, s.total, s.result, s.failure_reason, s.requested_by, s.created_at,
  s.started_at, s.finished_at,
  (SELECT coalesce(sum(c.processed), 0)::int FROM simulation_chunks c WHERE c.simulation_id = s.id AND c.status = 'done') AS processed,
  (SELECT count(*)::int FROM simulation_chunks c WHERE c.simulation_id = s.id) AS chunks,
  (SELECT count(*)::int FROM simulation_chunks c WHERE c.simulation_id = s.id AND c.status = 'done') AS chunks_done`;

/** The figures of a finished simulation (the tally summed), with what is not measured yet. */
export interface SimulationResult extends SimulationFigures {
  /**
   * Enterprises entering or leaving an observation period, and changing investment light: those
   * kinds do not exist yet (null until they do; a simulation of them fills these in).
   */
  observation: null;
  lights: null;
  /** The simulated version's detection rates on the scope's completed inspections (tiering). */
  backtest: BacktestView | null;
  workloadRules: { version: string };
}

export interface SimulationView {
  id: string;
  status: string;
  /** The simulated version. */
  ruleSet: { kind: string; version: string };
  /** The version in force when the simulation was asked for: the "from" side of every figure. */
  against: { kind: string; version: string };
  frequencyVersion: string;
  scope: RunScope;
  sample: number | null;
  asOf: string;
  requestedBy: string;
  progress: ReturnType<typeof runProgress> & { processed: number; chunks: { total: number; done: number } };
  result: SimulationResult | null;
  failureReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toSimulationView(row: SimulationRow, now: Date): SimulationView {
  const progress = runProgress({
    total: row.total,
    done: row.processed,
    startedAt: row.started_at ? new Date(row.started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    now,
  });
  return {
    id: row.id,
    status: row.status,
    ruleSet: { kind: row.kind, version: row.version },
    against: { kind: row.kind, version: row.base_version },
    frequencyVersion: row.frequency_version,
    scope: row.scope,
    sample: row.sample,
    asOf: row.as_of,
    requestedBy: row.requested_by,
    progress: { ...progress, processed: row.processed, chunks: { total: row.chunks, done: row.chunks_done } },
    result: row.result,
    failureReason: row.failure_reason,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
