import { epochDayOf } from './epoch-day.util';
import {
  AGGREGATES,
  AggregateKind,
  CONTEXT_ATTRIBUTES,
  CREDIT_SEVERITIES,
  ENTERPRISE_ATTRIBUTES,
  FACT_NAME_PATTERN_SOURCE,
  FACT_TYPES,
  FactType,
  isContextAttribute,
  isCreditRecordType,
  isEnterpriseAttribute,
  isReservedName,
  isRiskRecordType,
  PAYLOAD_FIELD_PATTERN,
  RECORD_TYPES,
  WHERE_COLUMNS,
  RISK_SEVERITIES,
} from './fact-catalog.const';
import { parseIsoDuration } from './iso-duration.util';
import { isRecord, jsonTypeOf } from './json-guards.util';
import type { PathSegment, Report } from './problem-path.util';

/**
 * Semantic checks of `facts`: what the schema cannot say (exactly one derivation, a type that fits
 * it, a default of that type, a window that parses) and the closed lists again, with messages that
 * name the valid choices. Runs on unvalidated input and skips whatever is not shaped right: the
 * schema reports that.
 */

const FACT_NAME = new RegExp(FACT_NAME_PATTERN_SOURCE);
const DERIVATIONS = ['from', ...AGGREGATES] as const;

/** Declared facts and their types (undefined when the declared type is itself wrong). */
export type DeclaredFacts = ReadonlyMap<string, FactType | undefined>;

/** `kind` decides which context attributes (CONTEXT_ATTRIBUTES) `from` may name. */
export function checkFactDeclarations(facts: unknown, report: Report, kind?: unknown): DeclaredFacts {
  const declared = new Map<string, FactType | undefined>();
  if (!isRecord(facts)) return declared;
  for (const [name, declaration] of Object.entries(facts)) {
    const at = ['facts', name];
    if (isReservedName(name)) {
      report(at, reservedMessage('fact name', name));
    } else if (!FACT_NAME.test(name)) {
      report(
        at,
        `fact name ${JSON.stringify(name)} must be letters, digits and _, not starting with a digit`,
      );
    }
    if (!isRecord(declaration)) {
      declared.set(name, undefined);
      continue;
    }
    const type = checkType(declaration.type, at, report);
    // A type the derivation cannot produce is reported once, here; rules using the fact are not
    // checked against it, which would only repeat the same mistake at every use.
    const typeReport: Report = (where, message) => {
      if (where.length === 3 && where[2] === 'type') declared.set(name, undefined);
      report(where, message);
    };
    declared.set(name, type);
    const derivations = DERIVATIONS.filter((d) => declaration[d] !== undefined);
    if (derivations.length === 0) {
      report(at, `declare how the fact is derived: one of ${DERIVATIONS.join(', ')}`);
    } else if (derivations.length > 1) {
      report(at, `declare exactly one derivation, not ${derivations.join(' and ')}`);
    }
    for (const derivation of derivations) {
      if (derivation === 'from') checkAttribute(declaration.from, type, kind, at, typeReport);
      else checkAggregate(derivation, declaration[derivation], type, [...at, derivation], typeReport);
    }
    if (declaration.default !== undefined && type !== undefined) {
      checkDefault(declaration.default, type, [...at, 'default'], report);
    }
  }
  return declared;
}

function checkType(type: unknown, at: PathSegment[], report: Report): FactType | undefined {
  if (typeof type !== 'string') return undefined;
  if ((FACT_TYPES as readonly string[]).includes(type)) return type as FactType;
  report([...at, 'type'], `unknown fact type ${JSON.stringify(type)}; one of ${FACT_TYPES.join(', ')}`);
  return undefined;
}

function checkAttribute(
  from: unknown,
  type: FactType | undefined,
  kind: unknown,
  at: PathSegment[],
  report: Report,
): void {
  if (typeof from !== 'string') return;
  let actual: FactType;
  if (isContextAttribute(from)) {
    const context = CONTEXT_ATTRIBUTES[from];
    if (!(context.kinds as readonly unknown[]).includes(kind)) {
      report(
        [...at, 'from'],
        `${from} is supervision context the caller supplies, not an enterprise attribute: only ${context.kinds.join(', ')} rule sets may use it`,
      );
      return;
    }
    actual = context.type;
  } else if (isEnterpriseAttribute(from)) {
    actual = ENTERPRISE_ATTRIBUTES[from];
  } else {
    const known = Object.keys(ENTERPRISE_ATTRIBUTES).join(', ');
    report([...at, 'from'], `unknown enterprise attribute ${JSON.stringify(from)}; one of ${known}`);
    return;
  }
  if (type !== undefined && type !== actual) {
    report([...at, 'type'], `${from} is ${describeType(actual)}: declare the fact as ${actual}`);
  }
}

function checkAggregate(
  kind: AggregateKind,
  aggregate: unknown,
  type: FactType | undefined,
  at: PathSegment[],
  report: Report,
): void {
  if (!isRecord(aggregate)) return;
  const recordType = typeof aggregate.recordType === 'string' ? aggregate.recordType : undefined;
  const credit = recordType !== undefined && isCreditRecordType(recordType);
  const risk = recordType !== undefined && isRiskRecordType(recordType);
  if (recordType !== undefined && !credit && !risk) {
    report(
      [...at, 'recordType'],
      `unknown record type ${JSON.stringify(recordType)}; one of ${RECORD_TYPES.join(', ')}`,
    );
  }
  if (isRecord(aggregate.where)) {
    for (const [field, value] of Object.entries(aggregate.where)) {
      checkWhere(
        field,
        value,
        credit ? CREDIT_SEVERITIES : risk ? RISK_SEVERITIES : undefined,
        recordType,
        [...at, 'where', field],
        report,
      );
    }
  }
  if (typeof aggregate.window === 'string' && !parseIsoDuration(aggregate.window)) {
    report(
      [...at, 'window'],
      `invalid ISO-8601 window ${JSON.stringify(aggregate.window)}: use years, months, weeks or days, e.g. P3Y, P6M, P30D`,
    );
  }
  if (aggregate.excludeRepaired === true && risk) {
    report(
      [...at, 'excludeRepaired'],
      `excludeRepaired applies to credit records only; ${recordType} is a risk record and is never repaired`,
    );
  }
  const field = typeof aggregate.field === 'string' ? aggregate.field : undefined;
  if (field !== undefined && (kind === 'sum' || kind === 'max' || kind === 'latest')) {
    checkField(kind, field, [...at, 'field'], report);
  }
  const expected = aggregateTypes(kind, field);
  if (type !== undefined && !expected.includes(type)) {
    const what = field === undefined ? `a ${kind}` : `a ${kind} of ${field}`;
    report(
      [...at.slice(0, -1), 'type'],
      `${what} is ${expected.map(describeType).join(' or ')}: declare the fact as ${expected.join(' or ')}`,
    );
  }
}

function checkWhere(
  field: string,
  value: unknown,
  severities: readonly string[] | undefined,
  recordType: string | undefined,
  at: PathSegment[],
  report: Report,
): void {
  if (reservedPayloadKey(field)) {
    report(at, reservedMessage('payload key', field.slice('payload.'.length)));
    return;
  }
  if (!(WHERE_COLUMNS as readonly string[]).includes(field) && !PAYLOAD_FIELD_PATTERN.test(field)) {
    report(at, `unknown field ${JSON.stringify(field)}: filter on severity or payload.<name>`);
    return;
  }
  if (field !== 'severity' || severities === undefined) return;
  const values = Array.isArray(value)
    ? value.map((v, i) => [v, [...at, i]] as const)
    : [[value, at] as const];
  for (const [v, where] of values) {
    if (typeof v === 'string' && !severities.includes(v)) {
      report(
        where,
        `severity of ${recordType} is one of ${severities.join(', ')}; ${JSON.stringify(v)} never matches`,
      );
    }
  }
}

function checkField(kind: 'sum' | 'max' | 'latest', field: string, at: PathSegment[], report: Report): void {
  const payload = PAYLOAD_FIELD_PATTERN.test(field);
  if (reservedPayloadKey(field)) {
    report(at, reservedMessage('payload key', field.slice('payload.'.length)));
  } else if (!payload && field !== 'severity' && field !== 'occurred_on') {
    report(at, `unknown field ${JSON.stringify(field)}: use payload.<name>, occurred_on or severity`);
  } else if (kind === 'sum' && !payload) {
    report(at, `sum adds up a payload field (payload.<name>), not ${field}`);
  } else if (kind === 'max' && field === 'severity') {
    report(at, 'max of severity would compare grade names alphabetically: use latest, or count by severity');
  }
}

function reservedPayloadKey(field: string): boolean {
  return field.startsWith('payload.') && isReservedName(field.slice('payload.'.length));
}

/** Why `__proto__`, `constructor` and `prototype` are refused, wherever a name is data. */
export function reservedMessage(what: string, name: string): string {
  return `${what} ${JSON.stringify(name)} is reserved (JavaScript object machinery: it would be lost or misread as data); rename it`;
}

/** The types a derivation can produce, given the field it reads. */
function aggregateTypes(kind: AggregateKind, field: string | undefined): FactType[] {
  switch (kind) {
    case 'count':
    case 'sum':
      return ['number'];
    case 'exists':
      return ['boolean'];
    case 'max':
      return field === 'occurred_on' ? ['date'] : ['number', 'date'];
    case 'latest':
      if (field === 'occurred_on') return ['date'];
      if (field === 'severity') return ['string'];
      return ['string', 'number', 'boolean', 'date'];
  }
}

function checkDefault(value: unknown, type: FactType, at: PathSegment[], report: Report): void {
  const fits =
    type === 'date'
      ? typeof value === 'string' && epochDayOf(value) !== undefined
      : type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === type;
  if (fits) return;
  const wanted = type === 'date' ? 'a date written YYYY-MM-DD' : describeType(type);
  report(at, `default must be ${wanted}, like the fact, not ${JSON.stringify(value)} (${jsonTypeOf(value)})`);
}

export function describeType(type: FactType): string {
  switch (type) {
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'string':
      return 'a string';
    case 'date':
      return 'a date';
    case 'string[]':
      return 'a list of strings';
  }
}
