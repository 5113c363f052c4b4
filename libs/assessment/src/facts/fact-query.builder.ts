import { DomainError, ErrorCode } from '@app/domain';
import type { FactDeclaration, FactType, RecordAggregate, WhereValue } from '@app/rules';
import { derivationOf, isCreditRecordType, parseIsoDuration } from '@app/rules';

/** One output column of the fact query and how to read it back. */
export interface FactColumn {
  fact: string;
  type: FactType;
  column: string;
  /** An aggregate over records: no matching record makes a count or sum 0 and `exists` false. */
  aggregate?: boolean;
  /** Column holding the id of the record behind a `latest` fact (an array of at most one). */
  evidenceColumn?: string;
  /** A date fact read from a date column: converted to days since 1970-01-01. */
  date?: boolean;
}

/**
 * The records behind the aggregate facts of one record table, in one text column: for each of the
 * enterprise's records that match at least one fact, `id:mask0[:mask1…]`, comma-separated (cheaper
 * to read than arrays, and an id can never part from its masks). Mask g says which facts of group g
 * the record matched: bit i → `groups[g].facts[i]`; null for `latest` facts, whose evidence is only
 * the newest record and has a column of its own.
 */
export interface FactEvidence {
  column: string;
  groups: { facts: (string | null)[] }[];
}

export interface FactQuery {
  /**
   * Parameters: $1 the enterprises (bpchar[]), $2 the as-of date, $3 records known at (timestamptz),
   * then `params` from $4 on, then — when `readsRecords` — the provinces of the batch's enterprises
   * (text[], characters 3-4 of each code: see `provincesOf`), then the facts key's prefix (text, or
   * null for no key) and whether an unchanged row may leave its facts out (boolean). No value of the
   * rule set is in the text: every one is bound.
   */
  sql: string;
  /** The rule set's values ($4, $5, …), to pass after the three above. */
  params: string[];
  columns: FactColumn[];
  evidence: FactEvidence[];
  /**
   * Column holding the next date (YYYY-MM-DD, after the as-of date) on which one of the facts
   * changes by itself — a counted record leaves its window, a record dated later comes into force,
   * an enterprise reaches its next year in business, a yellow warning's quiet period ends — or null
   * when none will without a new record. Never later than the true date (it may be earlier: a
   * re-tier on that day then finds the same facts and stores the next date).
   */
  nextChangeColumn: string;
  /** Whether the query reads record tables (and so takes the batch's provinces after `params`). */
  readsRecords: boolean;
}

/**
 * Columns of every fact query with the enterprise's standing (not facts): its current assessment,
 * that assessment's content key, as-of date and tier, and whether its previous tier differs from its
 * current one; then the facts key of this query's row and whether it is the current assessment's
 * (see `buildFactQuery`).
 */
export const STANDING = {
  assessmentId: 'tw_current_assessment_id',
  contentKey: 'tw_current_content_key',
  asOf: 'tw_current_as_of',
  tier: 'tw_current_tier',
  moved: 'tw_moved',
  factsKey: 'tw_facts_key',
  unchanged: 'tw_unchanged',
} as const;

/** Facts per mask: bits 0-47 of a bigint, so every mask is also an exact JavaScript number. */
export const FACTS_PER_MASK = 48;

const ENTERPRISE_SQL: Record<string, string> = {
  'enterprise.age_years': `date_part('year', age($2::date, e.established_on))::int`,
  'enterprise.registered_capital': 'e.registered_capital',
  'enterprise.region_code': 'e.region_code',
  'enterprise.industry_code': 'e.industry_code',
  'enterprise.size': 'e.size',
  'enterprise.is_platform': 'e.is_platform',
  'enterprise.platform_monthly_users': 'e.platform_monthly_users',
  'enterprise.new_business_form': 'e.new_business_form',
  'enterprise.tags': 'e.tags',
  'investment.open_red_warnings': investmentWarnings('red'),
  'investment.open_yellow_warnings': investmentWarnings('yellow'),
  // The latest recorded platform-compliance evaluation dated by the as-of date and known at $3.
  'platform.compliance_grade': `(SELECT g.grade FROM platform_compliance_grades g WHERE g.uscc = e.uscc
             AND g.evaluated_on <= $2::date AND g.recorded_at <= $3::timestamptz ORDER BY g.recorded_at DESC, g.id DESC LIMIT 1)`,
};

/**
 * Investment warnings opened by the end of the as-of date ($2) and still open when records are known
 * ($3); a yellow one lapses at its quiet_until.
 */
function investmentWarnings(light: 'red' | 'yellow'): string {
  return `(SELECT count(*)::int FROM investment_warnings w WHERE w.uscc = e.uscc AND w.light = '${light}'
             AND w.opened_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AND w.opened_at <= $3::timestamptz AND (w.resolved_at IS NULL OR w.resolved_at > $3::timestamptz)
             AND (w.quiet_until IS NULL OR w.quiet_until > $3::timestamptz))`;
}

/**
 * Dates on which enterprise attributes the facts read change by themselves: the next anniversary of
 * establishment (years in business), the end of a yellow warning's quiet period.
 */
function attributeChanges(facts: Readonly<Record<string, FactDeclaration>>): string[] {
  const attributes = new Set<string>();
  for (const declaration of Object.values(facts)) {
    const d = derivationOf(declaration);
    if (d.kind === 'from') attributes.add(d.attribute);
  }
  const changes: string[] = [];
  if (attributes.has('enterprise.age_years'))
    changes.push(
      `(e.established_on + make_interval(years => date_part('year', age($2::date, e.established_on))::int + 1))::date`,
    );
  if (attributes.has('investment.open_yellow_warnings'))
    changes.push(`(SELECT min((w.quiet_until AT TIME ZONE 'Asia/Shanghai')::date) FROM investment_warnings w
             WHERE w.uscc = e.uscc AND w.light = 'yellow' AND w.resolved_at IS NULL
               AND w.quiet_until >= (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))`);
  return changes;
}

/** The aggregate facts over one record table, as they are being assembled. */
class TableFacts {
  /** Record type → the CASE arms setting each matching fact's bit, per mask group. */
  private readonly arms = new Map<string, string[][]>();
  readonly groups: { facts: (string | null)[] }[] = [];
  /** Aggregates over the matched records (counts, sums, maxima, latest values and their ids). */
  readonly select: string[] = [];
  /** Expressions of the final SELECT over this table's CTE ({t} is its name). */
  readonly outer: string[] = [];
  private bits = 0;
  /** The record types the facts read (bound parameters): a later-dated one changes them on its date. */
  private readonly types = new Set<string>();

  constructor(
    readonly name: 'credit' | 'risk',
    readonly table: string,
    /** The record's regulatory date: a date column, or the Shanghai date of an instant. */
    readonly date: string,
  ) {}

  /**
   * Gives the fact a bit set when a record of its type (`recordType`: a bound parameter) meets
   * `condition`; returns its filter.
   */
  bit(fact: string | null, recordType: string, condition: string): string {
    const group = Math.floor(this.bits / FACTS_PER_MASK);
    const bit = this.bits++ % FACTS_PER_MASK;
    if (bit === 0) this.groups.push({ facts: [] });
    this.groups[group].facts.push(fact);
    this.types.add(recordType);
    let arms = this.arms.get(recordType);
    if (!arms) this.arms.set(recordType, (arms = []));
    (arms[group] ??= []).push(`CASE WHEN ${condition} THEN ${2 ** bit}::int8 ELSE 0::int8 END`);
    return `(x.m${group} & ${2 ** bit}::int8) <> 0`;
  }

  get empty(): boolean {
    return this.bits === 0;
  }

  /**
   * The first date a counted record leaves a windowed fact: the fact then changes by itself. `exit`
   * is the date (from the record's date x.d) on which the window no longer holds it.
   */
  leaves(matches: string, exit: string): void {
    // One aggregate per window, over the records any of its facts counts: the date arithmetic is
    // done once per counted record and window, not once per fact.
    let filters = this.exits.get(exit);
    if (!filters) this.exits.set(exit, (filters = []));
    filters.push(matches);
  }

  /** Exit date expression (per window) → the filters of the facts counting over that window. */
  private readonly exits = new Map<string, string[]>();

  private exitSelects(): string[] {
    return [...this.exits].map(
      ([exit, filters], n) => `min(${exit}) FILTER (WHERE ${filters.join(' OR ')}) AS next_exit_${n}`,
    );
  }

  /** This table's next change (a date or null), for the final SELECT ({t} is the CTE's name). */
  nextChange(): string | undefined {
    const dates = [...[...this.exits.keys()].map((_, n) => `{t}.next_exit_${n}`), '{t}.next_arrival'];
    return `least(${dates.join(', ')})`;
  }

  /**
   * The CTE: each record of the batch is classified once — a CASE on its type, then only that
   * type's conditions — into one mask per group; the aggregates then read the masks.
   */
  cte(provinces: string): string {
    const masks = this.groups.map((_, g) => {
      const arms = [...this.arms]
        .filter(([, perGroup]) => perGroup[g]?.length)
        .map(([type, perGroup]) => `WHEN ${type} THEN ${perGroup[g].join(' | ')}`);
      return `CASE r.type ${arms.join(' ')} ELSE 0::int8 END AS m${g}`;
    });
    const matched = this.groups.map((_, g) => `x.m${g} <> 0`).join(' OR ');
    // A record of a type the facts read, dated after the as-of date, counts from its date on.
    const later = `x.d > x.as_of AND x.type IN (${[...this.types].join(', ')})`;
    // OFFSET 0 keeps the subquery whole, so each mask is computed once per record, not once per
    // aggregate that reads it. The evidence lists the records in id order, whatever order the plan
    // reads them in: the same records, the same text (and the same facts key).
    return `${this.name} AS (
      SELECT x.uscc, string_agg(${['x.id::text', ...this.groups.map((_, g) => `x.m${g}::text`)].join(
        ` || ':' || `,
      )}, ',' ORDER BY x.id) FILTER (WHERE ${matched}) AS ${this.name}_evidence, ${[...this.select, ...this.exitSelects()].join(', ')},
             min(x.d) FILTER (WHERE ${later}) AS next_arrival
        FROM (SELECT r.uscc, r.id, r.type, r.severity, r.payload, ${this.date} AS d, b.as_of, ${masks.join(', ')}
                FROM ${this.table} r CROSS JOIN bounds b
               WHERE r.uscc = ANY($1::bpchar[]) AND r.received_at <= $3::timestamptz
                 -- the same records again, said so that records partitioned by province are read
                 -- from the batch's provinces only (docs/scaling.md)
                 AND substr(r.uscc, 3, 2) = ANY(${provinces})
              OFFSET 0) x
       WHERE ${matched} OR (${later})
       GROUP BY x.uscc)`;
  }
}

/**
 * Builds ONE set-based query deriving every declared fact for a batch of enterprises: enterprise
 * attributes from `enterprises`, aggregates over the batch's credit and risk records (each table
 * read once per batch, through its uscc index, each record classified once into fact bits). Every
 * value that comes from the rule set (record types, windows, payload keys, `where` values, fields)
 * is a bound parameter, never SQL text: rule documents are authored over HTTP, and a value can only
 * ever be compared as data. The text holds only identifiers and SQL the builder writes itself.
 * Refuses (DomainError) what PostgreSQL could not bind: a NUL character, a window that is not an
 * ISO-8601 duration, an attribute it does not know.
 */
export function buildFactQuery(facts: Readonly<Record<string, FactDeclaration>>): FactQuery {
  const columns: FactColumn[] = [];
  const enterpriseSelect: string[] = [];
  const params = new Params();
  const bounds = new Bounds(params);
  const credit = new TableFacts('credit', 'credit_records', 'r.occurred_on');
  const risk = new TableFacts('risk', 'risk_records', `(r.occurred_at AT TIME ZONE 'Asia/Shanghai')::date`);
  let n = 0;
  for (const [fact, declaration] of Object.entries(facts)) {
    const column = `f${n++}`;
    const d = derivationOf(declaration);
    if (d.kind === 'from') {
      if (!Object.prototype.hasOwnProperty.call(ENTERPRISE_SQL, d.attribute))
        throw refusal(
          `facts.${fact}.from`,
          `no enterprise attribute "${d.attribute}" to derive the fact from`,
        );
      enterpriseSelect.push(`${ENTERPRISE_SQL[d.attribute]} AS ${column}`);
      columns.push({ fact, type: declaration.type, column });
      continue;
    }
    const at = `facts.${fact}.${d.kind}`;
    const isCredit = isCreditRecordType(d.aggregate.recordType);
    const t = isCredit ? credit : risk;
    const field = 'field' in d.aggregate ? fieldOf(d.aggregate.field, `${at}.field`, params) : undefined;
    const matches = t.bit(
      d.kind === 'latest' ? null : fact,
      params.text(d.aggregate.recordType, `${at}.recordType`),
      conditionOf(d.aggregate, isCredit, bounds, params, at),
    );
    // A windowed fact changes by itself when its first counted record leaves the window.
    if (d.aggregate.window !== undefined)
      t.leaves(matches, bounds.exitDate(d.aggregate.window, `${at}.window`));
    let isDate = false;
    let evidenceColumn: string | undefined;
    switch (d.kind) {
      case 'count':
        t.select.push(`count(*) FILTER (WHERE ${matches}) AS ${column}`);
        break;
      case 'exists':
        t.select.push(`count(*) FILTER (WHERE ${matches}) > 0 AS ${column}`);
        break;
      case 'sum':
        t.select.push(`sum(${numericField(field!)}) FILTER (WHERE ${matches}) AS ${column}`);
        break;
      case 'max': {
        const f = field!;
        isDate = f.date;
        const max = `max(${f.date ? f.sql : numericField(f)}) FILTER (WHERE ${matches})`;
        t.select.push(`${isDate ? toDateText(max) : max} AS ${column}`);
        break;
      }
      case 'latest': {
        const f = field!;
        isDate = f.date;
        const latest = `(array_agg(${f.sql} ORDER BY x.d DESC, x.id DESC) FILTER (WHERE ${matches}))[1]`;
        evidenceColumn = `${column}_ids`;
        t.select.push(
          `${isDate ? toDateText(latest) : latest} AS ${column}`,
          `(array_agg(x.id ORDER BY x.d DESC, x.id DESC) FILTER (WHERE ${matches}))[1:1] AS ${evidenceColumn}`,
        );
        break;
      }
    }
    t.outer.push(`{t}.${column}`);
    if (evidenceColumn) t.outer.push(`{t}.${evidenceColumn}`);
    columns.push({ fact, type: declaration.type, column, aggregate: true, evidenceColumn, date: isDate });
  }

  const ctes: string[] = [];
  const joins: string[] = [];
  const outer = [...enterpriseSelect];
  const evidence: FactEvidence[] = [];
  const changes = attributeChanges(facts);
  const provinces = `$${params.values.length + 4}::text[]`;
  for (const t of [credit, risk]) {
    if (t.empty) continue;
    ctes.push(t.cte(provinces));
    joins.push(`LEFT JOIN ${t.name} USING (uscc)`);
    outer.push(`${t.name}.${t.name}_evidence`);
    outer.push(...t.outer.map((o) => o.replaceAll('{t}', t.name)));
    evidence.push({ column: `${t.name}_evidence`, groups: t.groups });
    changes.push(t.nextChange()!.replaceAll('{t}', t.name));
  }
  // least() ignores nulls: null only when nothing changes by itself.
  outer.push(
    `${changes.length ? toDateText(`least(${changes.join(', ')})`) : 'NULL::text'} AS next_change_on`,
  );
  // Every column the facts are read from: the facts key digests these.
  const keyed = [
    ...columns.flatMap((c) => (c.evidenceColumn ? [c.column, c.evidenceColumn] : [c.column])),
    ...evidence.map((t) => t.column),
    'next_change_on',
  ];
  const readsRecords = !credit.empty || !risk.empty;
  const keyParam = params.values.length + (readsRecords ? 5 : 4);
  if (ctes.length) ctes.unshift(`bounds AS (SELECT ${bounds.select()})`);
  const inner = `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT e.uscc${outer.length ? `, ${outer.join(', ')}` : ''},
             -- the enterprise's standing: a run confirms an unchanged assessment against these
             e.current_assessment_id AS ${STANDING.assessmentId}, e.current_content_key AS ${STANDING.contentKey},
             e.current_as_of::text AS ${STANDING.asOf}, e.current_tier AS ${STANDING.tier},
             (e.previous_tier IS DISTINCT FROM e.current_tier) AS ${STANDING.moved},
             e.current_facts_key AS tw_current_facts_key, e.current_as_of <= $2::date AS tw_as_of_ok
       FROM enterprises e ${joins.join(' ')}
      WHERE e.uscc = ANY($1::bpchar[])`;
  // The facts key: a digest of the row's fact columns under a prefix the caller binds (the rule set
  // and version the row is evaluated under; null: no key). When it is the key of the enterprise's
  // current assessment (as of this date or before) and the caller allows it, the row's facts are
  // left out (null): they are, value for value, those that assessment was evaluated from.
  // OFFSET 0 computes the digest once per row.
  const unchanged = `coalesce(k.${STANDING.factsKey} = k.tw_current_facts_key AND k.tw_as_of_ok AND $${keyParam + 1}::boolean, false)`;
  const sql = `SELECT k.uscc, k.${STANDING.assessmentId}, k.${STANDING.contentKey}, k.${STANDING.asOf}, k.${STANDING.tier},
            k.${STANDING.moved}, k.${STANDING.factsKey}, u.${STANDING.unchanged},
            ${keyed.map((c) => `CASE WHEN u.${STANDING.unchanged} THEN NULL ELSE k.${c} END AS ${c}`).join(', ')}
       FROM (SELECT i.*, md5($${keyParam}::text || ROW(${keyed.map((c) => `i.${c}`).join(', ')})::text) AS ${STANDING.factsKey}
               FROM (${inner}) i OFFSET 0) k
       CROSS JOIN LATERAL (SELECT ${unchanged} AS ${STANDING.unchanged}) u`;
  return {
    sql,
    columns,
    evidence,
    params: params.values,
    nextChangeColumn: 'next_change_on',
    readsRecords,
  };
}

/**
 * The provinces of a batch (characters 3-4 of each unified social credit code: the registering
 * authority's province), distinct: the fact query's last parameter.
 */
export function provincesOf(usccs: readonly string[]): string[] {
  return [...new Set(usccs.map((u) => u.slice(2, 4)))];
}

/**
 * The rule set's values as parameters $4, $5, …: each distinct value bound once, so two facts
 * over one record type or one window share a parameter (and the text stays as short as before).
 */
class Params {
  readonly values: string[] = [];
  private readonly index = new Map<string, string>();

  /** `$n::text` for a string from the rule set; `path` names it in a refusal. */
  text(value: string, path: string): string {
    return this.bind(value, 'text', path);
  }

  /** `$n::jsonb` for a JSON value (bound as its JSON text). */
  json(value: string | number | boolean, path: string): string {
    if (typeof value === 'string') refuseNul(value, path);
    return this.bind(JSON.stringify(value), 'jsonb', path);
  }

  private bind(value: string, type: 'text' | 'jsonb', path: string): string {
    refuseNul(value, path);
    const key = `${type}:${value}`;
    let placeholder = this.index.get(key);
    if (placeholder === undefined) {
      this.values.push(value);
      placeholder = `$${this.values.length + 3}::${type}`;
      this.index.set(key, placeholder);
    }
    return placeholder;
  }
}

/** PostgreSQL text cannot hold U+0000 (nor jsonb its escape): refused by name, not a driver error. */
function refuseNul(value: string, path: string): void {
  if (value.includes('\0'))
    throw refusal(path, 'contains the NUL character (U+0000), which PostgreSQL text cannot hold');
}

function refusal(path: string, message: string): DomainError {
  return new DomainError(
    ErrorCode.ValidationFailed,
    `rule set cannot be derived in SQL: ${path} ${message}`,
    [{ path, message }],
  );
}

/** Dates leave PostgreSQL as text: node-pg would turn them into local-midnight Date objects. */
function toDateText(sql: string): string {
  return `to_char(${sql}, 'YYYY-MM-DD')`;
}

/**
 * The as-of bounds every aggregate compares with, computed once per query (a CTE of one row) rather
 * than once per record and fact: the end of the as-of day as an instant (Asia/Shanghai), and per
 * window the first date inside it (credit records, dates) or the instant it starts (risk records).
 */
class Bounds {
  private readonly columns = new Map<string, string>([
    ['as_of', '$2::date'],
    ['as_of_end', `(($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`],
  ]);
  /** Window → its column number (names from a counter: nothing of the value reaches an identifier). */
  private readonly windows = new Map<string, number>();

  constructor(private readonly params: Params) {}

  /** Column of b holding an expression, added once. */
  private add(name: string, sql: string): string {
    this.columns.set(name, sql);
    return `b.${name}`;
  }

  /** The window as a bound interval, and its number; refused unless an ISO-8601 duration. */
  private window(window: string, path: string): { interval: string; n: number } {
    const interval = this.params.text(window, path);
    if (parseIsoDuration(window) === undefined)
      throw refusal(path, `"${window}" is not an ISO-8601 duration of years, months, weeks or days`);
    let n = this.windows.get(window);
    if (n === undefined) this.windows.set(window, (n = this.windows.size));
    return { interval: `${interval}::interval`, n };
  }

  asOf(): string {
    return 'b.as_of';
  }

  /**
   * The date on which a record dated x.d leaves the window (the first as-of date whose window no
   * longer starts on or before x.d): x.d plus the window. Month arithmetic at a month's end can make
   * it a day early, never late.
   */
  exitDate(window: string, path: string): string {
    const { interval } = this.window(window, path);
    return `(x.d + ${interval})::date`;
  }

  asOfEnd(): string {
    return 'b.as_of_end';
  }

  /** First date inside the window (a record counts when as-of minus the window < its date). */
  windowStartDate(window: string, path: string): string {
    const { interval, n } = this.window(window, path);
    return this.add(`w_${n}`, `(($2::date - ${interval})::date + 1)`);
  }

  /** The instant the window's first day starts, Asia/Shanghai. */
  windowStartInstant(window: string, path: string): string {
    const { interval, n } = this.window(window, path);
    return this.add(
      `wi_${n}`,
      `((($2::date - ${interval})::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    );
  }

  select(): string {
    return [...this.columns].map(([name, sql]) => `${sql} AS ${name}`).join(', ');
  }
}

/** The condition on a record of the aggregate's type (the type itself is tested by the CASE). */
function conditionOf(a: RecordAggregate, credit: boolean, b: Bounds, params: Params, at: string): string {
  const parts: string[] = [];
  if (credit) {
    parts.push(`r.occurred_on <= ${b.asOf()}`);
    if (a.window !== undefined) parts.push(`r.occurred_on >= ${b.windowStartDate(a.window, `${at}.window`)}`);
  } else {
    parts.push(`r.occurred_at < ${b.asOfEnd()}`);
    if (a.window !== undefined)
      parts.push(`r.occurred_at >= ${b.windowStartInstant(a.window, `${at}.window`)}`);
  }
  // Repaired on or before the as-of date (Asia/Shanghai) means repaired before the day ends.
  if (a.excludeRepaired) parts.push(`(r.repaired_at IS NULL OR r.repaired_at >= ${b.asOfEnd()})`);
  for (const [field, value] of Object.entries(a.where ?? {}))
    parts.push(whereSql(field, value, params, `${at}.where.${field}`));
  return parts.join(' AND ');
}

function whereSql(field: string, value: WhereValue, params: Params, at: string): string {
  if (field === 'severity') {
    if (value === null) return 'r.severity IS NULL';
    if (isList(value))
      return `r.severity IN (${value.map((v, i) => params.text(String(v), `${at}[${i}]`)).join(', ')})`;
    return `r.severity = ${params.text(String(value), at)}`;
  }
  const json = `r.payload -> ${params.text(payloadKey(field), `${at} (key)`)}`;
  if (value === null) return `(${json} IS NULL OR ${json} = 'null'::jsonb)`;
  if (isList(value)) return `${json} IN (${value.map((v, i) => params.json(v, `${at}[${i}]`)).join(', ')})`;
  return `${json} = ${params.json(value, at)}`;
}

function isList(value: WhereValue): value is readonly (string | number | boolean)[] {
  return Array.isArray(value);
}

/** The key of `payload.<key>` (everything after the first dot). */
function payloadKey(field: string): string {
  return field.slice('payload.'.length);
}

interface FieldSql {
  sql: string;
  date: boolean;
}

/** A field of a matched record, as the aggregates over the classified records (x) read it. */
function fieldOf(field: string, path: string, params: Params): FieldSql {
  if (field === 'occurred_on') return { sql: 'x.d', date: true };
  if (field === 'severity') return { sql: 'x.severity', date: false };
  return { sql: `(x.payload ->> ${params.text(payloadKey(field), path)})`, date: false };
}

function numericField(f: FieldSql): string {
  // Payload numbers may be JSON numbers or decimal strings ("5000.00"); anything else is not counted.
  // No backslash in the pattern: it means the same whatever standard_conforming_strings says.
  return f.date ? f.sql : `CASE WHEN ${f.sql} ~ '^-?[0-9]+([.][0-9]+)?$' THEN (${f.sql})::numeric END`;
}

/**
 * A SQL string literal: quotes doubled, so no value can end the literal. The fact query no longer
 * writes any (it binds every value); kept for callers that must write a literal. A value with a backslash is
 * written as an escape string (E'…', backslashes doubled), which means the same whatever
 * `standard_conforming_strings` is set to.
 */
export function literal(value: string): string {
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}
