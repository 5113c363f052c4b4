import { normalizeUscc } from '@app/domain';

/** Which enterprises a re-tier run covers. */
export type RunScope =
  | { type: 'all' }
  /** Enterprises whose 6-digit division code starts with the prefix. */
  | { type: 'region'; prefix: string }
  /** Enterprises whose GB/T 4754 industry code starts with the prefix. */
  | { type: 'industry'; prefix: string }
  | { type: 'uscc'; usccs: string[] }
  /**
   * The daily incremental run: enterprises whose current assessment's next change has come by the
   * run's as-of date, whose records changed since (a change-feed mark), or that have no tier yet.
   * Created by the daily job, not requested over HTTP (SCOPE_TYPES).
   */
  | { type: 'due' };

export const MAX_SCOPE_USCCS = 10_000;
export const SCOPE_TYPES = ['all', 'region', 'industry', 'uscc'] as const;

/**
 * The scope a run request asks for, its shape already checked (CreateRunDto): absent or null is
 * every enterprise; a list of codes is normalised, without repeats, in order.
 */
export function runScopeOf(
  scope: { type: string; prefix?: string; usccs?: string[] } | null | undefined,
): RunScope {
  switch (scope?.type) {
    case 'region':
      return { type: 'region', prefix: scope.prefix! };
    case 'industry':
      return { type: 'industry', prefix: scope.prefix! };
    case 'uscc': {
      const codes = new Set(scope.usccs!.map(normalizeUscc));
      return { type: 'uscc', usccs: [...codes].sort() };
    }
    default:
      return { type: 'all' };
  }
}

/**
 * The SQL condition on `enterprises e` selecting a scope, and its parameters from `$<first>`. A
 * `due` scope is not a condition on the register: its enterprises come from the due log and the
 * marks (`scopeMembers`).
 */
export function scopeCondition(scope: RunScope, first: number): { sql: string; params: unknown[] } {
  switch (scope.type) {
    case 'all':
      return { sql: 'TRUE', params: [] };
    case 'region':
      return { sql: `e.region_code LIKE $${first} || '%'`, params: [scope.prefix] };
    case 'industry':
      return { sql: `e.industry_code LIKE $${first} || '%'`, params: [scope.prefix] };
    case 'uscc':
      return { sql: `e.uscc = ANY($${first}::bpchar[])`, params: [scope.usccs] };
    case 'due':
      throw new Error('a due scope is selected from the due log and the marks (scopeMembers)');
  }
}

/**
 * A query of the enterprises a run covers, one row each: `uscc`, and `seq`, the order a run cuts
 * them into chunks in — registration order, so a chunk's enterprises sit on neighbouring pages of
 * the register; null for a daily run: code order — with parameters from `$<first>`; a `due` scope
 * needs the run's as-of date.
 */
export function scopeMembers(
  scope: RunScope,
  first: number,
  asOf?: string,
): { sql: string; params: unknown[] } {
  if (scope.type !== 'due') {
    const condition = scopeCondition(scope, first);
    return {
      sql: `SELECT e.uscc, e.registration_seq AS seq FROM enterprises e WHERE ${condition.sql}`,
      params: condition.params,
    };
  }
  if (asOf === undefined) throw new Error('a due scope is selected as of a date');
  // The daily run's enterprises are scattered over the register, one page each: they are taken in
  // code order (seq null), and the register is read only where the due log needs checking.
  // - The marked, as they are: a mark always names a registered enterprise (records of an unknown
  //   one are refused, and enterprises are never deleted). Reading each one's row to check cost
  //   about 0.1 s for 13,000 marks, 5-9 % of a daily run at 1M.
  // - The due log's rows dated by then and its untiered (each read through an index), then the
  //   register rows by key as an array (a join or an OR over the register read all of it when the
  //   planner misjudged the sets: about 1 s at 1M enterprises), of which those still due by date or
  //   untiered: a row of the log whose enterprise has since had another date, or a tier, names
  //   nobody (the log, not an index of the register: migration 1765936000000).
  return {
    sql: `SELECT m.uscc, NULL::bigint AS seq FROM reassessment_marks m
          UNION
          SELECT e.uscc, NULL::bigint FROM enterprises e
           WHERE e.uscc = ANY(ARRAY(SELECT d.uscc FROM tiering_due d WHERE d.due_on > '-infinity' AND d.due_on <= $${first}::date
                                    UNION ALL SELECT u.uscc FROM tiering_due u WHERE u.due_on = '-infinity'))
             AND (e.next_tier_change_on <= $${first}::date OR e.current_tier IS NULL)`,
    params: [asOf],
  };
}

export interface RunProgressInput {
  total: number | null;
  done: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  now: Date;
}

export interface RunProgress {
  total: number | null;
  done: number;
  percent: number | null;
  /** Enterprises per second since the run started. */
  ratePerSecond: number | null;
  /** Seconds left at the current rate; null before the first chunk or once finished. */
  etaSeconds: number | null;
}

/** done/total, rate and ETA of a run, from its counts and times. */
export function runProgress({ total, done, startedAt, finishedAt, now }: RunProgressInput): RunProgress {
  const percent = total === null ? null : total === 0 ? 100 : Math.floor((done * 1000) / total) / 10;
  if (!startedAt) return { total, done, percent, ratePerSecond: null, etaSeconds: null };
  const seconds = ((finishedAt ?? now).getTime() - startedAt.getTime()) / 1000;
  const rate = seconds > 0 && done > 0 ? done / seconds : null;
  const eta =
    finishedAt || rate === null || total === null ? null : Math.ceil(Math.max(total - done, 0) / rate);
  return { total, done, percent, ratePerSecond: rate === null ? null : Math.round(rate), etaSeconds: eta };
}
