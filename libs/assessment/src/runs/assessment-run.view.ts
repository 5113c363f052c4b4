import type { AssessmentTrigger } from '@app/persistence';
import type { ChunkRow } from './assessment-run.service';
import { RunProgress, runProgress, RunScope } from './run-scope';

export interface RunRow {
  id: string;
  scope: RunScope;
  as_of: string;
  trigger: AssessmentTrigger;
  rule_set_kind: string;
  rule_set_version: string;
  status: string;
  chunk_size: number;
  total: number | null;
  requested_by: string;
  failure_reason: string | null;
  /** How many times the run's failed chunks were sent again (the generation of its job ids). */
  retries: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
}

/** A re-tier run as the API shows it: what, with which rules, how far, and what moved. */
export interface AssessmentRunView {
  id: string;
  status: string;
  scope: RunScope;
  asOf: string;
  trigger: AssessmentTrigger;
  ruleSet: { kind: string; version: string };
  requestedBy: string;
  progress: RunProgress & {
    assessed: number;
    /** Of the assessed, those whose current assessment the run confirmed instead of writing it again. */
    confirmed: number;
    failed: number;
    chunks: { total: number; done: number; pending: number; skipped: number; failed: number; size: number };
    /** When a chunk last finished (or the run started); progress counts move only then. */
    lastProgressAt: string | null;
    /**
     * True while the run is running but no chunk has finished for ASSESSMENT_RUN_STALLED_AFTER_MS
     * (no worker, or every worker stuck): its rate and ETA are then not to be trusted (ETA null).
     */
    stalled: boolean;
  };
  /** The chunks that failed for good (the run is `completed_with_failures`); a retry re-runs only these. */
  failedChunks: { chunkNo: number; enterprises: number; attempts: number; error: string | null }[];
  retries: number;
  /** Tiers given by the run so far. */
  tiers: Record<string, number>;
  /** Current-tier changes so far: how many, and by "from→to" ("→A" for a first tier). */
  tierChanges: { changed: number; transitions: Record<string, number> };
  failureReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequestedAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const latest = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a > b ? a : b);

function addAll(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

export function toRunView(
  row: RunRow,
  chunks: ChunkRow[],
  now: Date,
  stalledAfterMs = Number.POSITIVE_INFINITY,
): AssessmentRunView {
  let assessed = 0;
  let failed = 0;
  let confirmed = 0;
  let changed = 0;
  const counts = { done: 0, pending: 0, skipped: 0, failed: 0 };
  const failedChunks: AssessmentRunView['failedChunks'] = [];
  let lastProgress = row.started_at ? new Date(row.started_at) : null;
  const tiers: Record<string, number> = {};
  const transitions: Record<string, number> = {};
  for (const c of chunks) {
    counts[c.status as keyof typeof counts] += 1;
    if (c.status === 'failed') {
      failedChunks.push({
        chunkNo: c.chunk_no,
        enterprises: c.enterprises,
        attempts: c.attempts,
        error: c.last_error,
      });
    }
    if (c.status !== 'done') continue;
    lastProgress = latest(lastProgress, c.finished_at ? new Date(c.finished_at) : null);
    assessed += c.assessed;
    failed += c.failed;
    confirmed += c.confirmed;
    changed += c.changed;
    addAll(tiers, c.tiers);
    addAll(transitions, c.transitions);
  }
  const progress = runProgress({
    total: row.total,
    done: assessed + failed,
    startedAt: row.started_at ? new Date(row.started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    now,
  });
  const stalled =
    row.status === 'running' &&
    lastProgress !== null &&
    now.getTime() - lastProgress.getTime() > stalledAfterMs;
  failedChunks.sort((a, b) => a.chunkNo - b.chunkNo);
  return {
    id: row.id,
    status: row.status,
    scope: row.scope,
    asOf: row.as_of,
    trigger: row.trigger,
    ruleSet: { kind: row.rule_set_kind, version: row.rule_set_version },
    requestedBy: row.requested_by,
    progress: {
      ...progress,
      etaSeconds: stalled ? null : progress.etaSeconds,
      assessed,
      confirmed,
      failed,
      chunks: { total: chunks.length, ...counts, size: row.chunk_size },
      lastProgressAt: iso(lastProgress),
      stalled,
    },
    failedChunks,
    retries: row.retries,
    tiers,
    tierChanges: { changed, transitions },
    failureReason: row.failure_reason,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    cancelRequestedAt: iso(row.cancel_requested_at),
  };
}
