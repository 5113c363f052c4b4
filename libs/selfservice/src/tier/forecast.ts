import type { LocalDate } from '@app/domain';
import {
  derivationOf,
  epochDayOf,
  evaluateRuleSetSync,
  type FactDeclaration,
  type Facts,
  type RecordAggregate,
  type RuleEvaluator,
  type TieringRuleSet,
  windowBounds,
} from '@app/rules';
import { addDuration, compareDecimal } from '../repair/repair-timeline';

/**
 * The tier forecast (issue #15): "if nothing new happens, your tier becomes B on 2027-03-01, when
 * penalty … stops counting". The enterprise's facts change only on known dates — a record leaves a
 * fact's window, a record's publicity ends (it stops counting where the fact leaves repaired
 * records out), the enterprise has a birthday — so the rules are evaluated as of each such date up
 * to the horizon, with the facts derived here from the records as the fact query derives them
 * (same windows, same matching), and every date where the tier changes is a step.
 */

export interface ForecastRecord {
  /** A credit record's id; a risk record's id prefixed with `r`. */
  id: string;
  /** Credit records can be repaired; risk records only leave their windows. */
  credit: boolean;
  type: string;
  severity: string | null;
  /** The record's date (Asia/Shanghai). */
  date: LocalDate;
  payload: Readonly<Record<string, unknown>>;
  /** The first day it no longer counts where a fact leaves repaired records out (repaired, or publicity ended or ending). */
  endsOn: LocalDate | null;
}

export interface ForecastInput {
  ruleSet: TieringRuleSet;
  /** A synchronous (compiled) evaluator of ruleSet.rules. */
  evaluator: RuleEvaluator;
  /** The facts of the current assessment: attributes that do not move with time are read from here. */
  baseFacts: Readonly<Record<string, unknown>>;
  establishedOn: LocalDate;
  records: readonly ForecastRecord[];
  today: LocalDate;
  /** The last date looked at. */
  until: LocalDate;
}

export interface ForecastStep {
  date: LocalDate;
  tier: string;
  previousTier: string;
  /** The records that stopped counting (in a fact) since the date evaluated before this one. */
  records: string[];
}

export interface Forecast {
  today: { tier: string; score: number };
  until: LocalDate;
  steps: ForecastStep[];
}

type Aggregate = {
  kind: 'count' | 'exists' | 'sum' | 'max' | 'latest';
  spec: RecordAggregate & { field?: string };
};

function aggregateOf(d: FactDeclaration): Aggregate | undefined {
  const derivation = derivationOf(d);
  return derivation.kind === 'from' ? undefined : { kind: derivation.kind, spec: derivation.aggregate };
}

/** Whether a record is one of the aggregate's as of a date: type, where, window, repair. */
export function counts(a: Aggregate['spec'], r: ForecastRecord, asOf: LocalDate): boolean {
  if (a.recordType !== r.type || r.date > asOf) return false;
  if (a.window !== undefined && r.date <= windowBounds(asOf, a.window).after) return false;
  if (a.excludeRepaired && r.endsOn !== null && r.endsOn <= asOf) return false;
  for (const [field, value] of Object.entries(a.where ?? {})) {
    if (field === 'severity') {
      const s = r.severity;
      if (
        value === null
          ? s !== null
          : Array.isArray(value)
            ? !value.map(String).includes(s ?? '')
            : s !== String(value)
      )
        return false;
      continue;
    }
    const v = r.payload[field.slice('payload.'.length)];
    if (value === null) {
      if (v !== undefined && v !== null) return false;
    } else if (Array.isArray(value)) {
      if (!value.some((x) => x === v)) return false;
    } else if (v !== value) return false;
  }
  return true;
}

function fieldText(r: ForecastRecord, field: string): string | null {
  if (field === 'occurred_on') return r.date;
  if (field === 'severity') return r.severity;
  const v = r.payload[field.slice('payload.'.length)];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const NUMBER = /^-?[0-9]+([.][0-9]+)?$/;

function typed(text: string | null, declaration: FactDeclaration): unknown {
  if (text === null) return undefined;
  switch (declaration.type) {
    case 'number':
      return NUMBER.test(text) ? Number(text) : undefined;
    case 'date':
      return epochDayOf(text);
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  let total = 0n;
  for (const v of values) {
    const negative = v.startsWith('-');
    const [i, f = ''] = v.replace('-', '').split('.');
    const n = BigInt(i + f.padEnd(scale, '0'));
    total += negative ? -n : n;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Whole years from `from` to `to`, as PostgreSQL's age() counts them. */
export function wholeYears(from: LocalDate, to: LocalDate): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** The facts as of `asOf`: aggregates from the records, the age from the founding date, the rest from the base. */
export function factsAsOf(
  ruleSet: Pick<TieringRuleSet, 'facts'>,
  base: Readonly<Record<string, unknown>>,
  establishedOn: LocalDate,
  records: readonly ForecastRecord[],
  asOf: LocalDate,
): Facts {
  const facts: Record<string, unknown> = { ...base };
  for (const [name, declaration] of Object.entries(ruleSet.facts)) {
    if ('from' in declaration && declaration.from === 'enterprise.age_years') {
      facts[name] = wholeYears(establishedOn, asOf);
      continue;
    }
    const aggregate = aggregateOf(declaration);
    if (!aggregate) continue;
    const matched = records.filter((r) => counts(aggregate.spec, r, asOf));
    const field = aggregate.spec.field;
    switch (aggregate.kind) {
      case 'count':
        facts[name] = matched.length;
        break;
      case 'exists':
        facts[name] = matched.length > 0;
        break;
      case 'sum': {
        const values = matched
          .map((r) => fieldText(r, field!))
          .filter((t): t is string => t !== null && NUMBER.test(t));
        facts[name] = Number(sumDecimals(values.length ? values : ['0']));
        break;
      }
      case 'max': {
        const values = matched.map((r) => fieldText(r, field!)).filter((t): t is string => t !== null);
        const comparable = field === 'occurred_on' ? values : values.filter((t) => NUMBER.test(t));
        const best = comparable.reduce<string | null>(
          (m, t) => (m === null ? t : (field === 'occurred_on' ? t > m : compareSigned(t, m) > 0) ? t : m),
          null,
        );
        const value = typed(best, declaration);
        if (value === undefined) delete facts[name];
        else facts[name] = value;
        break;
      }
      case 'latest': {
        const newest = [...matched].sort((a, b) =>
          a.date !== b.date ? (a.date < b.date ? 1 : -1) : byId(b.id, a.id),
        )[0];
        const value = newest ? typed(fieldText(newest, field!), declaration) : undefined;
        if (value === undefined) delete facts[name];
        else facts[name] = value;
        break;
      }
    }
  }
  return facts;
}

function compareSigned(a: string, b: string): number {
  const na = a.startsWith('-');
  const nb = b.startsWith('-');
  if (na !== nb) return na ? -1 : 1;
  const c = compareDecimal(a.replace('-', ''), b.replace('-', ''));
  return na ? -c : c;
}

/** The days on which some fact may change: a record's window end or end date, a birthday. */
function changeDays(input: ForecastInput): Set<LocalDate> {
  const days = new Set<LocalDate>();
  const add = (day: LocalDate) => {
    if (day > input.today && day <= input.until) days.add(day);
  };
  const aggregates = Object.values(input.ruleSet.facts)
    .map(aggregateOf)
    .filter((a): a is Aggregate => a !== undefined);
  for (const r of input.records) {
    for (const { spec } of aggregates) {
      if (spec.recordType !== r.type) continue;
      if (spec.window !== undefined) {
        // Clamped month ends can move the exact day by one: both are looked at.
        const end = addDuration(r.date, spec.window);
        add(end);
        add(addDuration(end, 'P1D'));
      }
      if (spec.excludeRepaired && r.endsOn !== null) add(r.endsOn);
    }
  }
  // Birthdays move the age.
  for (let n = 1; ; n++) {
    const day = addDuration(input.establishedOn, `P${n}Y`);
    if (day > input.until) break;
    add(day);
  }
  return days;
}

export function forecastTier(input: ForecastInput): Forecast {
  const evaluate = (asOf: LocalDate) =>
    evaluateRuleSetSync(
      input.ruleSet,
      factsAsOf(input.ruleSet, input.baseFacts, input.establishedOn, input.records, asOf),
      input.evaluator,
    );
  const aggregates = Object.entries(input.ruleSet.facts).flatMap(([name, d]) => {
    const a = aggregateOf(d);
    return a ? [{ name, spec: a.spec }] : [];
  });
  // Which facts count each record on a day: a record "stops counting" when this shrinks.
  const countedIn = (r: ForecastRecord, day: LocalDate) =>
    aggregates.filter((a) => counts(a.spec, r, day)).map((a) => a.name);
  const now = evaluate(input.today);
  const steps: ForecastStep[] = [];
  let tier = now.tier;
  let previousDay = input.today;
  let pending = new Set<string>();
  for (const day of [...changeDays(input)].sort()) {
    for (const r of input.records) {
      const before = countedIn(r, previousDay);
      const after = countedIn(r, day);
      if (before.some((f) => !after.includes(f))) pending.add(r.id);
    }
    previousDay = day;
    const result = evaluate(day);
    if (result.tier === tier) continue;
    steps.push({ date: day, tier: result.tier, previousTier: tier, records: [...pending].sort(byId) });
    tier = result.tier;
    pending = new Set();
  }
  return { today: { tier: now.tier, score: now.score }, until: input.until, steps };
}

/**
 * The first day a record counts in none of the facts (null: some fact counts it without end), as
 * of today: each fact drops it at its window end or, leaving repaired records out, at its end date.
 */
export function stopsCountingOn(
  ruleSet: Pick<TieringRuleSet, 'facts'>,
  record: ForecastRecord,
  today: LocalDate,
): LocalDate | null {
  let last: LocalDate | undefined;
  for (const declaration of Object.values(ruleSet.facts)) {
    const aggregate = aggregateOf(declaration);
    if (!aggregate || !counts(aggregate.spec, record, today)) continue;
    const ends = [
      aggregate.spec.window !== undefined ? addDuration(record.date, aggregate.spec.window) : null,
      aggregate.spec.excludeRepaired ? record.endsOn : null,
    ].filter((d): d is LocalDate => d !== null);
    if (ends.length === 0) return null;
    const drop = ends.sort()[0];
    if (last === undefined || drop > last) last = drop;
  }
  return last ?? null;
}

/** Record ids in numeric order (risk records carry an `r` prefix, after the credit records). */
function byId(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
