import { isRecord } from '../rule-set/json-guards.util';
import type { RuleSetDocument } from '../rule-set/rule-set.types';

/**
 * A structured diff of two rule-set documents (issue 12, point 1): facts, rules and scenario tests
 * matched by name — added, removed, or changed with every changed field — and the outcome field by
 * field (tier bands and frequency bands matched by tier). Plain JSON, in a stable order: names in
 * the order of the documents (removed ones in `from`'s order), fields in sorted key order, so the
 * same two documents always give the same diff whatever their formatting.
 */

export interface FieldChange {
  /** Relative to the item (`conditions.all[0].value`, `event.params.points`) or the outcome (`tiers[tier=B].min`). */
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** Absent when added. */
  from?: unknown;
  /** Absent when removed. */
  to?: unknown;
}

export interface ItemChanges {
  name: string;
  changes: FieldChange[];
}

export interface SectionDiff {
  added: string[];
  removed: string[];
  changed: ItemChanges[];
}

export interface RuleSetDiff {
  from: { kind: string; version: string };
  to: { kind: string; version: string };
  /** Nothing differs at all. */
  identical: boolean;
  /** kind, version, effectiveFrom, description. */
  document: FieldChange[];
  facts: SectionDiff;
  /** `reordered`: rules present in both are in another order (it orders evaluation within a priority). */
  rules: SectionDiff & { reordered: boolean };
  outcome: FieldChange[];
  tests: SectionDiff;
  /** One line per change, in the order above, for people and terminals (`rules diff`). */
  summary: string[];
}

const DOCUMENT_FIELDS = ['kind', 'version', 'effectiveFrom', 'description'] as const;

export function diffRuleSets(from: RuleSetDocument, to: RuleSetDocument): RuleSetDiff {
  const document: FieldChange[] = [];
  for (const field of DOCUMENT_FIELDS) diffValues(from[field], to[field], [field], document);
  const facts = diffNamed(entriesOf(from.facts), entriesOf(to.facts));
  const rules = diffNamed(namedItems(from.rules), namedItems(to.rules));
  const common = new Set(
    from.rules.map((r) => r.name).filter((name) => to.rules.some((r) => r.name === name)),
  );
  const before = from.rules.map((r) => r.name).filter((name) => common.has(name));
  const after = to.rules.map((r) => r.name).filter((name) => common.has(name));
  const reordered = before.some((name, i) => after[i] !== name);
  const outcome: FieldChange[] = [];
  diffValues(from.outcome, to.outcome, [], outcome);
  const tests = diffNamed(namedItems(from.tests ?? []), namedItems(to.tests ?? []));
  const identical =
    document.length === 0 &&
    outcome.length === 0 &&
    !reordered &&
    [facts, rules, tests].every((s) => s.added.length + s.removed.length + s.changed.length === 0);
  const summary = [
    ...document.map((c) => line('', c)),
    ...sectionLines('fact', facts),
    ...sectionLines('rule', rules),
    ...(reordered ? ['rules: reordered (evaluation order within a priority)'] : []),
    ...outcome.map((c) => line('outcome', c)),
    ...sectionLines('test', tests),
  ];
  return {
    from: { kind: from.kind, version: from.version },
    to: { kind: to.kind, version: to.version },
    identical,
    document,
    facts,
    rules: { ...rules, reordered },
    outcome,
    tests,
    summary,
  };
}

function sectionLines(what: string, section: SectionDiff): string[] {
  return [
    ...section.added.map((name) => `${what} ${name}: added`),
    ...section.removed.map((name) => `${what} ${name}: removed`),
    ...section.changed.flatMap(({ name, changes }) => changes.map((c) => line(`${what} ${name}`, c))),
  ];
}

function line(prefix: string, change: FieldChange): string {
  const where = [prefix, change.path].filter(Boolean).join(' ');
  switch (change.change) {
    case 'added':
      return `${where}: added ${JSON.stringify(change.to)}`;
    case 'removed':
      return `${where}: removed (was ${JSON.stringify(change.from)})`;
    case 'changed':
      return `${where}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`;
  }
}

function entriesOf(record: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.keys(record).map((name) => [name, record[name]]);
}

function namedItems(items: readonly { name: string }[]): [string, unknown][] {
  return items.map((item) => [item.name, item]);
}

function diffNamed(before: [string, unknown][], after: [string, unknown][]): SectionDiff {
  const old = new Map(before);
  const now = new Map(after);
  const changed: ItemChanges[] = [];
  for (const [name, value] of after) {
    if (!old.has(name)) continue;
    const changes: FieldChange[] = [];
    diffValues(old.get(name), value, [], changes);
    if (changes.length > 0) changed.push({ name, changes });
  }
  return {
    added: after.map(([name]) => name).filter((name) => !old.has(name)),
    removed: before.map(([name]) => name).filter((name) => !now.has(name)),
    changed,
  };
}

/** A path segment: a key, an index, or an array item matched by its `tier`. */
type Segment = string | number | { tier: string };

function diffValues(a: unknown, b: unknown, at: Segment[], out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path: render(at), change: 'added', to: b });
    return;
  }
  if (b === undefined) {
    out.push({ path: render(at), change: 'removed', from: a });
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) diffValues(a[key], b[key], [...at, key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keyedA = byTier(a);
    const keyedB = byTier(b);
    if (keyedA && keyedB) {
      const tiers = [...keyedA.keys(), ...[...keyedB.keys()].filter((t) => !keyedA.has(t))];
      for (const tier of tiers) diffValues(keyedA.get(tier), keyedB.get(tier), [...at, { tier }], out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], [...at, i], out);
    return;
  }
  if (!Object.is(a, b)) out.push({ path: render(at), change: 'changed', from: a, to: b });
}

/** Tier lists (tiering tiers, frequency bands) are matched by tier, so a moved threshold reads as one. */
function byTier(items: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of items) {
    if (!isRecord(item) || typeof item.tier !== 'string' || map.has(item.tier)) return undefined;
    map.set(item.tier, item);
  }
  return items.length > 0 ? map : undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function render(at: Segment[]): string {
  let out = '';
  for (const segment of at) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'object') out += `[tier=${JSON.stringify(segment.tier)}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
