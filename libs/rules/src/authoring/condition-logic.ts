import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../rule-set/json-guards.util';

/**
 * A little logic over json-rules-engine conditions, for static checks: a condition tree as a
 * disjunction of conjunctions, where each conjunction constrains facts one by one (numeric bounds,
 * allowed and excluded values, list members) and keeps what it cannot read (a `not` block, a path, a
 * decorator other than `not:`, a fact-to-fact comparison) as opaque terms.
 *
 * Every answer is on the safe side: "never holds" only when the readable constraints on one fact
 * already contradict each other (opaque terms can only narrow further), and "X implies Y" only when
 * each constraint of Y follows from X's, an opaque term of Y only when X holds the very same term.
 * Facts are assumed resolved (resolveFacts: every declared fact present, of its type), which is how
 * rule sets are evaluated.
 */

/** What one conjunction allows one fact to be. */
interface Domain {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
  /** Values allowed (equal, in), intersected; undefined: any value. */
  only?: unknown[];
  /** Values excluded (notEqual, notIn). */
  not: unknown[];
  /** List facts: items it must hold (contains) and must not (doesNotContain). */
  holds: unknown[];
  lacks: unknown[];
  /** Read off the conditions, for messages. */
  sources: string[];
}

export interface Conjunction {
  facts: Map<string, Domain>;
  opaque: unknown[];
}

/** Beyond this many conjunctions the tree is not analysed (any answer is "don't know"). */
const MAX_TERMS = 64;

/** The condition tree as a disjunction of conjunctions, or undefined when it is too large to expand. */
export function normalise(condition: unknown): Conjunction[] | undefined {
  try {
    return expand(condition);
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

class TooLarge extends Error {}

function expand(condition: unknown): Conjunction[] {
  if (!isRecord(condition)) return [opaqueTerm(condition)];
  if (Array.isArray(condition.all)) {
    let terms: Conjunction[] = [{ facts: new Map(), opaque: [] }];
    for (const child of condition.all) {
      const next: Conjunction[] = [];
      for (const left of terms) for (const right of expand(child)) next.push(merge(left, right));
      if (next.length > MAX_TERMS) throw new TooLarge();
      terms = next;
    }
    return terms;
  }
  if (Array.isArray(condition.any)) {
    // json-rules-engine: an empty any (like an empty all) holds.
    if (condition.any.length === 0) return [{ facts: new Map(), opaque: [] }];
    const terms = condition.any.flatMap((child) => expand(child));
    if (terms.length > MAX_TERMS) throw new TooLarge();
    return terms;
  }
  if (condition.not !== undefined) return [opaqueTerm(condition)];
  const atom = readAtom(condition);
  if (!atom) return [opaqueTerm(condition)];
  const domain = anyValue();
  atom.apply(domain);
  domain.sources.push(describeAtom(condition));
  return [{ facts: new Map([[atom.fact, domain]]), opaque: [] }];
}

function opaqueTerm(condition: unknown): Conjunction {
  return { facts: new Map(), opaque: [condition] };
}

function anyValue(): Domain {
  return {
    lo: -Infinity,
    loOpen: true,
    hi: Infinity,
    hiOpen: true,
    not: [],
    holds: [],
    lacks: [],
    sources: [],
  };
}

function merge(a: Conjunction, b: Conjunction): Conjunction {
  const facts = new Map<string, Domain>();
  for (const [fact, domain] of a.facts) facts.set(fact, { ...domain, sources: [...domain.sources] });
  for (const [fact, domain] of b.facts) {
    const held = facts.get(fact);
    facts.set(fact, held ? intersect(held, domain) : { ...domain, sources: [...domain.sources] });
  }
  return { facts, opaque: [...a.opaque, ...b.opaque] };
}

function intersect(a: Domain, b: Domain): Domain {
  const lower = a.lo > b.lo || (a.lo === b.lo && a.loOpen) ? a : b;
  const upper = a.hi < b.hi || (a.hi === b.hi && a.hiOpen) ? a : b;
  const only =
    a.only && b.only ? a.only.filter((v) => b.only!.some((w) => w === v)) : (a.only ?? b.only)?.slice();
  return {
    lo: lower.lo,
    loOpen: lower.loOpen,
    hi: upper.hi,
    hiOpen: upper.hiOpen,
    only,
    not: [...a.not, ...b.not],
    holds: [...a.holds, ...b.holds],
    lacks: [...a.lacks, ...b.lacks],
    sources: [...a.sources, ...b.sources],
  };
}

interface Atom {
  fact: string;
  apply(domain: Domain): void;
}

const NEGATED: Record<string, string> = {
  equal: 'notEqual',
  notEqual: 'equal',
  in: 'notIn',
  notIn: 'in',
  contains: 'doesNotContain',
  doesNotContain: 'contains',
  lessThan: 'greaterThanInclusive',
  lessThanInclusive: 'greaterThan',
  greaterThan: 'lessThanInclusive',
  greaterThanInclusive: 'lessThan',
};

/** A fact compared with a literal by a plain operator (or `not:` one): what the domain can express. */
function readAtom(condition: Record<string, unknown>): Atom | undefined {
  const { fact, operator, value, path } = condition;
  if (typeof fact !== 'string' || typeof operator !== 'string' || path !== undefined) return undefined;
  if (isRecord(value) && value.fact !== undefined) return undefined;
  if (condition.params !== undefined) return undefined;
  let op = operator;
  while (op.startsWith('not:')) op = NEGATED[op.slice(4)] ?? `?${op}`;
  // Numeric operators on a resolved fact: negating one flips it only because the fact is a number.
  switch (op) {
    case 'equal':
      return { fact, apply: (d) => (d.only = d.only ? d.only.filter((v) => v === value) : [value]) };
    case 'notEqual':
      return { fact, apply: (d) => d.not.push(value) };
    case 'in':
      if (!Array.isArray(value)) return undefined;
      return {
        fact,
        apply: (d) => (d.only = d.only ? d.only.filter((v) => value.includes(v)) : [...value]),
      };
    case 'notIn':
      if (!Array.isArray(value)) return undefined;
      return { fact, apply: (d) => d.not.push(...(value as unknown[])) };
    case 'contains':
      return { fact, apply: (d) => d.holds.push(value) };
    case 'doesNotContain':
      return { fact, apply: (d) => d.lacks.push(value) };
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      const open = op === 'lessThan' || op === 'greaterThan';
      const upperBound = op.startsWith('less');
      return {
        fact,
        apply: (d) => {
          if (upperBound && (value < d.hi || (value === d.hi && open))) {
            d.hi = value;
            d.hiOpen = open;
          }
          if (!upperBound && (value > d.lo || (value === d.lo && open))) {
            d.lo = value;
            d.loOpen = open;
          }
        },
      };
    }
    default:
      return undefined;
  }
}

function bounded(d: Domain): boolean {
  return d.lo !== -Infinity || d.hi !== Infinity;
}

function withinBounds(d: Domain, value: unknown): boolean {
  if (!bounded(d)) return true;
  if (typeof value !== 'number') return false;
  const aboveLo = d.loOpen ? value > d.lo : value >= d.lo;
  const belowHi = d.hiOpen ? value < d.hi : value <= d.hi;
  return aboveLo && belowHi;
}

/** Whether a single value satisfies the domain (lists: contains/doesNotContain against its items). */
function admits(d: Domain, value: unknown): boolean {
  if (d.only && !d.only.some((v) => v === value)) return false;
  if (d.not.some((v) => v === value)) return false;
  if (!withinBounds(d, value)) return false;
  if (d.holds.length > 0 || d.lacks.length > 0) {
    if (!Array.isArray(value)) return false;
    if (!d.holds.every((item) => value.includes(item))) return false;
    if (d.lacks.some((item) => value.includes(item))) return false;
  }
  return true;
}

/** The values a domain allows when it is finite (equal/in, or a boolean fact); undefined otherwise. */
function finiteValues(d: Domain, type: string | undefined): unknown[] | undefined {
  if (d.only) return d.only.filter((v) => admits(d, v));
  if (type === 'boolean') return [true, false].filter((v) => admits(d, v));
  return undefined;
}

/** Why no value of the fact can satisfy the domain, or undefined when some can (or we cannot tell). */
export function contradiction(d: Domain, type: string | undefined): string | undefined {
  const values = finiteValues(d, type);
  if (values !== undefined && values.length === 0) return d.sources.join(' and ');
  if (d.lo > d.hi || (d.lo === d.hi && (d.loOpen || d.hiOpen))) return d.sources.join(' and ');
  if (d.holds.some((item) => d.lacks.includes(item))) return d.sources.join(' and ');
  return undefined;
}

/** The first fact whose constraints contradict each other in this conjunction, with why. */
export function conjunctionContradiction(
  term: Conjunction,
  types: ReadonlyMap<string, string | undefined>,
): { fact: string; why: string } | undefined {
  for (const [fact, domain] of term.facts) {
    const why = contradiction(domain, types.get(fact));
    if (why !== undefined) return { fact, why };
  }
  return undefined;
}

/** Every value `a` allows, `b` allows too. */
function domainImplies(a: Domain, b: Domain, type: string | undefined): boolean {
  const values = finiteValues(a, type);
  if (values !== undefined) return values.every((v) => admits(b, v));
  if (b.only) return false;
  if (b.lo > a.lo || (b.lo === a.lo && b.loOpen && !a.loOpen)) return false;
  if (b.hi < a.hi || (b.hi === a.hi && b.hiOpen && !a.hiOpen)) return false;
  if (!b.not.every((v) => a.not.some((w) => w === v) || !withinBounds(a, v))) return false;
  if (!b.holds.every((item) => a.holds.includes(item))) return false;
  return b.lacks.every((item) => a.lacks.includes(item));
}

/** Whenever `a` holds, `b` holds (on the safe side: false when unsure). */
export function conjunctionImplies(
  a: Conjunction,
  b: Conjunction,
  types: ReadonlyMap<string, string | undefined>,
): boolean {
  for (const [fact, domain] of b.facts) {
    const held = a.facts.get(fact);
    if (!held || !domainImplies(held, domain, types.get(fact))) return false;
  }
  return b.opaque.every((term) => a.opaque.some((mine) => isDeepStrictEqual(mine, term)));
}

/** Every way `a` can hold is a way `b` holds (each of a's conjunctions implies one of b's). */
export function implies(
  a: readonly Conjunction[],
  b: readonly Conjunction[],
  types: ReadonlyMap<string, string | undefined>,
): boolean {
  const live = a.filter((term) => conjunctionContradiction(term, types) === undefined);
  return live.every((term) => b.some((other) => conjunctionImplies(term, other, types)));
}

function describeAtom(condition: Record<string, unknown>): string {
  return `${String(condition.fact)} ${String(condition.operator)} ${JSON.stringify(condition.value)}`;
}
