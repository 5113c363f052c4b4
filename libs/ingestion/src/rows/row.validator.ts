import { CREDIT_RECORD_TYPES, normalizeUscc, RISK_RECORD_TYPES } from '@app/domain';
import type { JsonObject } from '@app/persistence';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { BOOLEAN_FIELDS, NUMBER_FIELDS } from './field-kinds';
import { isLocalDate, ROW_FORMATS, shanghaiToday, toMoney } from './row-formats';
import { creditRecordSchema, ENTERPRISE_ROW_SCHEMA, riskRecordSchema } from './row-schemas';
import { CreditRecordRow, EnterpriseRow, RiskRecordRow, RowProblem, ValidatedRecord } from './row.types';

type Result<T> = { ok: true; value: T } | { ok: false; problems: RowProblem[] };

const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: true, useDefaults: false });
for (const [name, format] of Object.entries(ROW_FORMATS))
  ajv.addFormat(name, { type: 'string', validate: format.validate });

const enterpriseValidator = ajv.compile(ENTERPRISE_ROW_SCHEMA);
const creditValidators = new Map<string, ValidateFunction>(
  CREDIT_RECORD_TYPES.map((t) => [t, ajv.compile(creditRecordSchema(t))]),
);
const riskValidators = new Map<string, ValidateFunction>(
  RISK_RECORD_TYPES.map((t) => [t, ajv.compile(riskRecordSchema(t))]),
);
const KNOWN_TYPES = [...CREDIT_RECORD_TYPES, ...RISK_RECORD_TYPES].join(', ');

/**
 * Validates and normalises input rows (compiled JSON Schemas, so millions of rows a minute), with
 * one message per broken field naming its path. CSV strings are coerced to numbers and booleans.
 */
export class RowValidator {
  /** `today` is the Asia/Shanghai date against which "in the future" is judged. */
  private readonly today: string;

  constructor(private readonly now = Date.now()) {
    this.today = shanghaiToday(now);
  }

  enterprise(row: number, input: Record<string, unknown>): Result<EnterpriseRow> {
    const types = typeProblems(row, input);
    if (types) return { ok: false, problems: types };
    if (!enterpriseValidator(input)) return fail(row, input, enterpriseValidator.errors);
    const problems = this.notInFuture(row, [['establishedOn', input.establishedOn]]);
    if (problems.length) return { ok: false, problems };
    const i = input as unknown as Partial<EnterpriseRow> &
      Record<'registeredCapital' | 'platformValuation', string | undefined>;
    return {
      ok: true,
      value: {
        uscc: normalizeUscc(i.uscc!),
        name: i.name!.trim(),
        regionCode: i.regionCode!,
        industryCode: i.industryCode!,
        establishedOn: i.establishedOn!,
        registeredCapital: i.registeredCapital ? toMoney(i.registeredCapital) : null,
        size: i.size ?? null,
        tags: [...new Set(i.tags ?? [])].sort(),
        isPlatform: i.isPlatform ?? false,
        platformMonthlyUsers: i.platformMonthlyUsers ?? null,
        platformValuation: i.platformValuation ? toMoney(i.platformValuation) : null,
        newBusinessForm: i.newBusinessForm ?? false,
      },
    };
  }

  record(row: number, input: Record<string, unknown>): Result<ValidatedRecord> {
    const type = input.type;
    const credit = typeof type === 'string' ? creditValidators.get(type) : undefined;
    const risk = typeof type === 'string' ? riskValidators.get(type) : undefined;
    if (!credit && !risk) {
      return {
        ok: false,
        problems: [
          {
            row,
            path: 'type',
            message:
              type === undefined
                ? 'is required'
                : `unknown record type ${JSON.stringify(type)}; one of: ${KNOWN_TYPES}`,
          },
        ],
      };
    }
    const types = typeProblems(row, input);
    if (types) return { ok: false, problems: types };
    if (credit) {
      const year = wholeYear(row, input.payload);
      if (year) return { ok: false, problems: [year] };
      if (!credit(input)) return fail(row, input, credit.errors);
      const value = input as unknown as CreditRecordRow & { payload: JsonObject };
      const payload = value.payload;
      const problems = this.notInFuture(row, [
        ['occurredOn', value.occurredOn],
        ['repairedAt', value.repairedAt],
        ['payload.listedOn', payload.listedOn],
        ['payload.removedOn', payload.removedOn],
        ['payload.filedOn', payload.filedOn],
        ['payload.resolvedOn', payload.resolvedOn],
      ]);
      if (
        typeof payload.removedOn === 'string' &&
        typeof payload.listedOn === 'string' &&
        payload.removedOn < payload.listedOn
      ) {
        problems.push({ row, path: 'payload.removedOn', message: `is before listedOn ${payload.listedOn}` });
      }
      if (value.publicityUntil && value.publicityUntil < value.occurredOn) {
        problems.push({ row, path: 'publicityUntil', message: `is before occurredOn ${value.occurredOn}` });
      }
      if (problems.length) return { ok: false, problems };
      if (typeof payload.amount === 'string') payload.amount = toMoney(payload.amount);
      const normalized: CreditRecordRow = {
        uscc: normalizeUscc(value.uscc),
        type: value.type,
        severity: value.severity ?? null,
        occurredOn: value.occurredOn,
        publicityUntil: value.publicityUntil ?? null,
        source: value.source,
        sourceRecordId: value.sourceRecordId,
        repairedAt: value.repairedAt ? new Date(value.repairedAt).toISOString() : null,
        payload,
      };
      return { ok: true, value: { table: 'credit', key: recordKey(normalized), value: normalized } };
    }
    if (!risk!(input)) return fail(row, input, risk!.errors);
    const value = input as unknown as RiskRecordRow;
    const occurredAt = new Date(value.occurredAt);
    if (occurredAt.getTime() > this.now + 5 * 60_000) {
      return {
        ok: false,
        problems: [{ row, path: 'occurredAt', message: `${value.occurredAt} is in the future` }],
      };
    }
    const normalized: RiskRecordRow = {
      uscc: normalizeUscc(value.uscc),
      type: value.type,
      severity: value.severity,
      occurredAt: occurredAt.toISOString(),
      source: value.source,
      sourceRecordId: value.sourceRecordId,
      payload: value.payload ?? {},
    };
    return { ok: true, value: { table: 'risk', key: recordKey(normalized), value: normalized } };
  }

  private notInFuture(row: number, fields: [string, unknown][]): RowProblem[] {
    const problems: RowProblem[] = [];
    for (const [path, value] of fields) {
      if (typeof value !== 'string') continue;
      const day = isLocalDate(value) ? value : shanghaiToday(Date.parse(value));
      if (day > this.today)
        problems.push({
          row,
          path,
          message: `${value} is in the future (today is ${this.today}, Asia/Shanghai)`,
        });
    }
    return problems;
  }
}

/**
 * JSON values the schemas' type coercion (there for CSV text) would silently turn into something
 * else: `null` (into "", 0 or false), a boolean or a number where text belongs (`true` into "true",
 * `12` into "12"), a number where a boolean belongs. Looks at the row's fields, its payload's and
 * their list items; undefined when fine. CSV rows hold only text and never fail here.
 */
function typeProblems(row: number, input: Record<string, unknown>): RowProblem[] | undefined {
  let problems: RowProblem[] | undefined;
  const check = (path: string, key: string, value: unknown) => {
    if (typeof value === 'string' || typeof value === 'object') {
      if (value === null) (problems ??= []).push({ row, path, message: 'must not be null' });
      else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === null || typeof item === 'boolean' || typeof item === 'number') {
            (problems ??= []).push({ row, path: `${path}.${i}`, message: 'must be text' });
          }
        }
      }
    } else if (typeof value === 'boolean') {
      if (!BOOLEAN_FIELDS.has(key)) (problems ??= []).push({ row, path, message: 'must not be a boolean' });
    } else if (typeof value === 'number' && !NUMBER_FIELDS.has(key)) {
      const message = BOOLEAN_FIELDS.has(key) ? 'must be true or false' : 'must be text, not a number';
      (problems ??= []).push({ row, path, message });
    }
  };
  for (const key in input) {
    const value = input[key];
    if (key === 'payload' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const inner in value) check(`payload.${inner}`, inner, (value as Record<string, unknown>)[inner]);
    } else check(key, key, value);
  }
  return problems;
}

/**
 * `payload.year` given as text (CSV, or a JSON number kept as its exact text) must be whole digits:
 * ajv would coerce "2024.0000000000000001" to the number 2024 and accept a year never sent.
 */
function wholeYear(row: number, payload: unknown): RowProblem | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const year = (payload as Record<string, unknown>).year;
  if (typeof year !== 'string' || /^\d{1,9}$/.test(year)) return undefined;
  return { row, path: 'payload.year', message: `must be a whole number, got ${JSON.stringify(year)}` };
}

/**
 * A validator for a row schema of another feature (investment events, ownership links): the same
 * formats, CSV coercion and messages naming the row and field as the rows above.
 */
export function compileRowSchema<T>(
  schema: Record<string, unknown>,
): (row: number, input: Record<string, unknown>) => Result<T> {
  const validate = ajv.compile(schema);
  return (row, input) =>
    validate(input) ? { ok: true, value: input as unknown as T } : fail<T>(row, input, validate.errors);
}

/** A record's identity: the same (source, sourceRecordId) is the same record. */
export function recordKey(r: { source: string; sourceRecordId: string }): string {
  return `${r.source}\u0000${r.sourceRecordId}`;
}

function fail<T>(row: number, input: unknown, errors: ErrorObject[] | null | undefined): Result<T> {
  return { ok: false, problems: (errors ?? []).map((e) => problemOf(row, input, e)) };
}

function problemOf(row: number, input: unknown, e: ErrorObject): RowProblem {
  const base = e.instancePath.split('/').slice(1).join('.');
  const join = (p: string) => (base ? `${base}.${p}` : p);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { row, path: join(String(p.missingProperty)), message: 'is required' };
    case 'additionalProperty':
    case 'additionalProperties':
      return { row, path: join(String(p.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return { row, path: base, message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'format': {
      const value = base
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], input);
      return {
        row,
        path: base,
        message: ROW_FORMATS[String(p.format)]?.message(value) ?? `must be ${String(p.format)}`,
      };
    }
    case 'minLength':
      return {
        row,
        path: base,
        message: p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`,
      };
    case 'maxLength':
      return { row, path: base, message: `must be at most ${String(p.limit)} characters` };
    default:
      return { row, path: base, message: e.message ?? 'is invalid' };
  }
}
