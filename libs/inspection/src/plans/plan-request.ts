import { checkSeed, ErrorDetail, isCalendarDate } from '@app/domain';

export interface PlanItem {
  name: string;
  /** Key items (safety, quality, public interest) are not capped by the general-item ratios. */
  type: 'key' | 'general';
  department: string;
  /** The qualification an inspector needs for the item (default: the item's name). */
  qualification?: string;
}

export interface PlanRequest {
  name: string;
  window: { start: string; end: string };
  scope: { regionPrefix?: string; industries?: string[]; tiers?: string[]; tag?: string };
  items: PlanItem[];
  draw: 'directed' | 'undirected';
  ratioOverrides: Record<string, number>;
  seed?: string;
  inspectorsPerTask: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = ['name', 'window', 'scope', 'items', 'draw', 'ratioOverrides', 'seed', 'inspectorsPerTask'];

/** Checks a plan request; every problem with its path. */
export function parsePlanRequest(
  input: unknown,
): { ok: true; plan: PlanRequest } | { ok: false; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: 'body', message: 'must be an object' }] };
  }
  const raw = input as Record<string, unknown>;
  for (const k of Object.keys(raw))
    if (!FIELDS.includes(k))
      problems.push({ path: k, message: `is not a plan field (${FIELDS.join(', ')})` });
  if (typeof raw.name !== 'string' || raw.name.trim().length === 0 || raw.name.length > 200) {
    problems.push({ path: 'name', message: 'must be a text of 1-200 characters' });
  }
  const window = (raw.window ?? {}) as Record<string, unknown>;
  for (const k of ['start', 'end']) {
    if (typeof window[k] !== 'string' || !DATE.test(window[k]) || !isCalendarDate(window[k])) {
      problems.push({ path: `window.${k}`, message: 'must be a real calendar date YYYY-MM-DD' });
    }
  }
  if (typeof window.start === 'string' && typeof window.end === 'string' && window.end < window.start) {
    problems.push({ path: 'window.end', message: 'must not be before window.start' });
  }
  const scope = (raw.scope ?? {}) as Record<string, unknown>;
  if (typeof scope !== 'object' || Array.isArray(scope))
    problems.push({ path: 'scope', message: 'must be an object' });
  if (
    scope.regionPrefix !== undefined &&
    (typeof scope.regionPrefix !== 'string' || !/^\d{1,6}$/.test(scope.regionPrefix))
  ) {
    problems.push({ path: 'scope.regionPrefix', message: 'must be 1-6 digits' });
  }
  const list = (key: string, pattern: RegExp, message: string) => {
    const v = scope[key];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length === 0)
      return void problems.push({ path: `scope.${key}`, message: 'must be a non-empty list' });
    v.forEach((x, i) => {
      if (typeof x !== 'string' || !pattern.test(x)) problems.push({ path: `scope.${key}[${i}]`, message });
    });
  };
  list('industries', /^([A-T]\d{0,4}|\d{1,4})$/, 'must be a GB/T 4754 code prefix');
  list('tiers', /^[A-Z]$/, 'must be a tier letter');
  if (scope.tag !== undefined && (typeof scope.tag !== 'string' || !/^[\w-]{1,40}$/.test(scope.tag))) {
    problems.push({ path: 'scope.tag', message: 'must be a tag of 1-40 letters, digits, "_" or "-"' });
  }
  for (const k of Object.keys(scope)) {
    if (!['regionPrefix', 'industries', 'tiers', 'tag'].includes(k)) {
      problems.push({
        path: `scope.${k}`,
        message: 'is not a scope field (regionPrefix, industries, tiers, tag)',
      });
    }
  }
  if (!Array.isArray(raw.items) || raw.items.length === 0 || raw.items.length > 100) {
    problems.push({ path: 'items', message: 'must be a list of 1-100 inspection items' });
  } else {
    raw.items.forEach((item, i) => {
      const it = (item ?? {}) as Record<string, unknown>;
      if (typeof it.name !== 'string' || it.name.trim().length === 0 || it.name.length > 200) {
        problems.push({ path: `items[${i}].name`, message: 'must be a text of 1-200 characters' });
      }
      if (it.type !== 'key' && it.type !== 'general')
        problems.push({ path: `items[${i}].type`, message: 'must be key or general' });
      if (typeof it.department !== 'string' || it.department.trim().length === 0) {
        problems.push({ path: `items[${i}].department`, message: 'must name the department' });
      }
      if (
        it.qualification !== undefined &&
        (typeof it.qualification !== 'string' || it.qualification.length === 0)
      ) {
        problems.push({ path: `items[${i}].qualification`, message: 'must be a qualification name' });
      }
    });
  }
  const draw = raw.draw === undefined ? 'undirected' : raw.draw;
  if (draw !== 'directed' && draw !== 'undirected')
    problems.push({ path: 'draw', message: 'must be directed or undirected' });
  if (draw === 'directed' && scope.tag === undefined && scope.industries === undefined) {
    problems.push({
      path: 'scope',
      message: 'a directed draw (定向) names its category: scope.tag or scope.industries',
    });
  }
  const overrides = (raw.ratioOverrides ?? {}) as Record<string, unknown>;
  if (typeof overrides !== 'object' || Array.isArray(overrides))
    problems.push({ path: 'ratioOverrides', message: 'must be an object of tier → ratio' });
  for (const [tier, ratio] of Object.entries(overrides)) {
    if (!/^[A-Z]$/.test(tier))
      problems.push({ path: `ratioOverrides.${tier}`, message: 'must be a tier letter' });
    if (typeof ratio !== 'number' || !(ratio > 0 && ratio <= 1)) {
      problems.push({ path: `ratioOverrides.${tier}`, message: 'must be a ratio above 0 and at most 1' });
    }
  }
  if (raw.seed !== undefined) problems.push(...checkSeed(raw.seed, 'seed'));
  const per = raw.inspectorsPerTask ?? 2;
  if (typeof per !== 'number' || !Number.isInteger(per) || per < 2 || per > 10) {
    problems.push({
      path: 'inspectorsPerTask',
      message: 'must be a whole number 2-10 (at least 2 per visit)',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      name: (raw.name as string).trim(),
      window: { start: window.start as string, end: window.end as string },
      scope: scope,
      items: (raw.items as PlanItem[]).map((i) => ({ ...i, name: i.name.trim() })),
      draw: draw as PlanRequest['draw'],
      ratioOverrides: overrides as Record<string, number>,
      seed: raw.seed as string | undefined,
      inspectorsPerTask: per as number,
    },
  };
}
