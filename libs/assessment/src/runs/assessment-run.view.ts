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
    failed: number;
    chunks: { total: number; done: number; pending: number; skipped: number; size: number };
  };
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

function addAll(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

export function toRunView(row: RunRow, chunks: ChunkRow[], now: Date): AssessmentRunView {
  let assessed = 0;
  let failed = 0;
  let changed = 0;
  const counts = { done: 0, pending: 0, skipped: 0 };
  const tiers: Record<string, number> = {};
  const transitions: Record<string, number> = {};
  for (const c of chunks) {
    counts[c.status as keyof typeof counts] += 1;
    if (c.status !== 'done') continue;
    assessed += c.assessed;
    failed += c.failed;
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
      assessed,
      failed,
      chunks: { total: chunks.length, ...counts, size: row.chunk_size },
    },
    tiers,
    tierChanges: { changed, transitions },
    failureReason: row.failure_reason,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    cancelRequestedAt: iso(row.cancel_requested_at),
  };
}
