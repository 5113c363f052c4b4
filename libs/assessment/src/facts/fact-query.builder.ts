import type { FactDeclaration, FactType, RecordAggregate, WhereValue } from '@app/rules';
import { derivationOf, isCreditRecordType } from '@app/rules';

/** One output column of the fact query and how to read it back. */
export interface FactColumn {
  fact: string;
  type: FactType;
  column: string;
  /** Column holding the ids of the records behind the fact (aggregates only). */
  evidenceColumn?: string;
  /** A date fact read from a date column: converted to days since 1970-01-01. */
  date?: boolean;
}

export interface FactQuery {
  /** Parameters: $1 the enterprises (bpchar[]), $2 the as-of date, $3 records known at (timestamptz). */
  sql: string;
  columns: FactColumn[];
}

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
};

/**
 * Builds ONE set-based query deriving every declared fact for a batch of enterprises: enterprise
 * attributes from `enterprises`, aggregates by conditional aggregation over the batch's credit and
 * risk records (each table read once per batch, through its uscc index). Literals from the rule set
 * are inlined as quoted SQL literals; the rule set is validated before it gets here, so names and
 * fields are from closed lists.
 */
export function buildFactQuery(facts: Readonly<Record<string, FactDeclaration>>): FactQuery {
  const columns: FactColumn[] = [];
  const enterpriseSelect: string[] = [];
  const creditSelect: string[] = [];
  const riskSelect: string[] = [];
  const bounds = new Bounds();
  /** Outer expressions over a CTE's columns ({t} is the CTE's name). */
  const creditOuter: string[] = [];
  const riskOuter: string[] = [];
  let n = 0;
  for (const [fact, declaration] of Object.entries(facts)) {
    const column = `f${n++}`;
    const d = derivationOf(declaration);
    if (d.kind === 'from') {
      enterpriseSelect.push(`${ENTERPRISE_SQL[d.attribute]} AS ${column}`);
      columns.push({ fact, type: declaration.type, column });
      continue;
    }
    const credit = isCreditRecordType(d.aggregate.recordType);
    const date = credit ? 'r.occurred_on' : `(r.occurred_at AT TIME ZONE 'Asia/Shanghai')::date`;
    const filter = conditionOf(d.aggregate, credit, bounds);
    const evidence = `${column}_ids`;
    let value: string | undefined;
    let isDate = false;
    switch (d.kind) {
      // count and exists are read off the evidence (the ids of the matching records): one filtered
      // aggregate per fact instead of two, which halves the work per record.
      case 'count':
        (credit ? creditOuter : riskOuter).push(`coalesce(cardinality({t}.${evidence}), 0) AS ${column}`);
        break;
      case 'exists':
        (credit ? creditOuter : riskOuter).push(`coalesce(cardinality({t}.${evidence}), 0) > 0 AS ${column}`);
        break;
      case 'sum':
        value = `sum(${numericField(d.aggregate.field, date)}) FILTER (WHERE ${filter})`;
        break;
      case 'max': {
        const f = fieldSql(d.aggregate.field, date);
        isDate = f.date;
        value = `max(${f.date ? f.sql : numericField(d.aggregate.field, date)}) FILTER (WHERE ${filter})`;
        break;
      }
      case 'latest': {
        const f = fieldSql(d.aggregate.field, date);
        isDate = f.date;
        value = `(array_agg(${f.sql} ORDER BY ${date} DESC, r.id DESC) FILTER (WHERE ${filter}))[1]`;
        break;
      }
    }
    // Dates leave PostgreSQL as text: node-pg would turn them into local-midnight Date objects.
    if (isDate && value !== undefined) value = `to_char(${value}, 'YYYY-MM-DD')`;
    const ids =
      d.kind === 'latest'
        ? `(array_agg(r.id ORDER BY ${date} DESC, r.id DESC) FILTER (WHERE ${filter}))[1:1]`
        : // unordered here (a sort per aggregate is costly); the deriver sorts the ids
          `array_agg(r.id) FILTER (WHERE ${filter})`;
    const select = credit ? creditSelect : riskSelect;
    if (value !== undefined) select.push(`${value} AS ${column}`);
    select.push(`${ids} AS ${evidence}`);
    columns.push({ fact, type: declaration.type, column, evidenceColumn: evidence, date: isDate });
  }

  const ctes: string[] = [];
  const joins: string[] = [];
  const outer = [...enterpriseSelect];
  const aggregate = (name: string, table: string, select: string[], derived: string[]) => {
    if (select.length === 0) return;
    ctes.push(
      `${name} AS (SELECT r.uscc, ${select.join(', ')} FROM ${table} r CROSS JOIN bounds b
         WHERE r.uscc = ANY($1::bpchar[]) AND r.received_at <= $3::timestamptz GROUP BY r.uscc)`,
    );
    joins.push(`LEFT JOIN ${name} USING (uscc)`);
    for (const s of select) outer.push(`${name}.${s.slice(s.lastIndexOf(' AS ') + 4)}`);
    for (const d of derived) outer.push(d.replaceAll('{t}', name));
  };
  aggregate('credit', 'credit_records', creditSelect, creditOuter);
  aggregate('risk', 'risk_records', riskSelect, riskOuter);
  if (ctes.length) ctes.unshift(`bounds AS (SELECT ${bounds.select()})`);
  const sql = `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT e.uscc${outer.length ? `, ${outer.join(', ')}` : ''}
       FROM enterprises e ${joins.join(' ')}
      WHERE e.uscc = ANY($1::bpchar[])`;
  return { sql, columns };
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

  /** Column of b holding an expression, added once. */
  private add(name: string, sql: string): string {
    this.columns.set(name, sql);
    return `b.${name}`;
  }

  asOf(): string {
    return 'b.as_of';
  }

  asOfEnd(): string {
    return 'b.as_of_end';
  }

  /** First date inside the window (a record counts when as-of minus the window < its date). */
  windowStartDate(window: string): string {
    return this.add(`w_${key(window)}`, `(($2::date - ${literal(window)}::interval)::date + 1)`);
  }

  /** The instant the window's first day starts, Asia/Shanghai. */
  windowStartInstant(window: string): string {
    return this.add(
      `wi_${key(window)}`,
      `((($2::date - ${literal(window)}::interval)::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    );
  }

  select(): string {
    return [...this.columns].map(([name, sql]) => `${sql} AS ${name}`).join(', ');
  }
}

/** A column-name-safe key for a validated ISO-8601 duration. */
function key(window: string): string {
  return window.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

function conditionOf(a: RecordAggregate, credit: boolean, b: Bounds): string {
  const parts = [`r.type = ${literal(a.recordType)}`];
  if (credit) {
    parts.push(`r.occurred_on <= ${b.asOf()}`);
    if (a.window) parts.push(`r.occurred_on >= ${b.windowStartDate(a.window)}`);
  } else {
    parts.push(`r.occurred_at < ${b.asOfEnd()}`);
    if (a.window) parts.push(`r.occurred_at >= ${b.windowStartInstant(a.window)}`);
  }
  // Repaired on or before the as-of date (Asia/Shanghai) means repaired before the day ends.
  if (a.excludeRepaired) parts.push(`(r.repaired_at IS NULL OR r.repaired_at >= ${b.asOfEnd()})`);
  for (const [field, value] of Object.entries(a.where ?? {})) parts.push(whereSql(field, value));
  return parts.join(' AND ');
}

function whereSql(field: string, value: WhereValue): string {
  if (field === 'severity') {
    if (value === null) return 'r.severity IS NULL';
    if (Array.isArray(value)) return `r.severity IN (${value.map((v) => literal(String(v))).join(', ')})`;
    return `r.severity = ${literal(String(value))}`;
  }
  const key = field.slice('payload.'.length);
  const json = `r.payload -> ${literal(key)}`;
  if (value === null) return `(${json} IS NULL OR ${json} = 'null'::jsonb)`;
  if (Array.isArray(value))
    return `${json} IN (${value.map((v) => `${literal(JSON.stringify(v))}::jsonb`).join(', ')})`;
  return `${json} = ${literal(JSON.stringify(value))}::jsonb`;
}

function fieldSql(field: string, date: string): { sql: string; date: boolean } {
  if (field === 'occurred_on') return { sql: date, date: true };
  if (field === 'severity') return { sql: 'r.severity', date: false };
  return { sql: `r.payload ->> ${literal(field.slice('payload.'.length))}`, date: false };
}

function numericField(field: string, date: string): string {
  const f = fieldSql(field, date);
  // Payload numbers may be JSON numbers or decimal strings ("5000.00"); anything else is not counted.
  return f.date ? f.sql : `CASE WHEN ${f.sql} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (${f.sql})::numeric END`;
}

/** A SQL string literal: quotes doubled, so no value can end the literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
