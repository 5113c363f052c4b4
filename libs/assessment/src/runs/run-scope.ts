import { ErrorDetail, validateUscc } from '@app/domain';

/** Which enterprises a re-tier run covers. */
export type RunScope =
  | { type: 'all' }
  /** Enterprises whose 6-digit division code starts with the prefix. */
  | { type: 'region'; prefix: string }
  /** Enterprises whose GB/T 4754 industry code starts with the prefix. */
  | { type: 'industry'; prefix: string }
  | { type: 'uscc'; usccs: string[] };

export const MAX_SCOPE_USCCS = 10_000;
const SCOPE_TYPES = ['all', 'region', 'industry', 'uscc'];

/** Checks a scope received from outside; every problem is reported with its path. */
export function parseRunScope(
  input: unknown,
  path = 'scope',
): { ok: true; scope: RunScope } | { ok: false; problems: ErrorDetail[] } {
  const fail = (p: string, message: string) => ({ ok: false as const, problems: [{ path: p, message }] });
  if (input === undefined || input === null) return { ok: true, scope: { type: 'all' } };
  if (typeof input !== 'object' || Array.isArray(input)) return fail(path, 'must be an object');
  const raw = input as Record<string, unknown>;
  const type = raw.type;
  if (typeof type !== 'string' || !SCOPE_TYPES.includes(type)) {
    return fail(`${path}.type`, `must be one of ${SCOPE_TYPES.join(', ')}`);
  }
  const unknown = Object.keys(raw).filter(
    (k) => k !== 'type' && !(type === 'uscc' ? k === 'usccs' : type !== 'all' && k === 'prefix'),
  );
  if (unknown.length > 0) return fail(`${path}.${unknown[0]}`, `is not allowed in a "${type}" scope`);
  switch (type) {
    case 'all':
      return { ok: true, scope: { type: 'all' } };
    case 'region':
      if (typeof raw.prefix !== 'string' || !/^\d{1,6}$/.test(raw.prefix)) {
        return fail(`${path}.prefix`, 'must be 1-6 digits of a division code');
      }
      return { ok: true, scope: { type: 'region', prefix: raw.prefix } };
    case 'industry':
      if (typeof raw.prefix !== 'string' || !/^([A-T]\d{0,4}|\d{1,4})$/.test(raw.prefix)) {
        return fail(
          `${path}.prefix`,
          'must be a GB/T 4754 code prefix: a section letter A-T and/or up to 4 digits',
        );
      }
      return { ok: true, scope: { type: 'industry', prefix: raw.prefix } };
    default: {
      const list = raw.usccs;
      if (!Array.isArray(list) || list.length === 0)
        return fail(`${path}.usccs`, 'must be a non-empty array');
      if (list.length > MAX_SCOPE_USCCS) {
        return fail(`${path}.usccs`, `at most ${MAX_SCOPE_USCCS} codes; use a region or industry scope`);
      }
      const problems: ErrorDetail[] = [];
      const codes = new Set<string>();
      list.forEach((item, i) => {
        if (typeof item !== 'string') {
          problems.push({ path: `${path}.usccs[${i}]`, message: 'must be a string' });
          return;
        }
        const v = validateUscc(item);
        if (!v.valid) problems.push({ path: `${path}.usccs[${i}]`, message: v.message });
        else codes.add(v.uscc);
      });
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, scope: { type: 'uscc', usccs: [...codes].sort() } };
    }
  }
}

/** The SQL condition on `enterprises e` selecting a scope, and its parameters from `$<first>`. */
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
  }
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
