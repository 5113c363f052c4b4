import { ErrorDetail, validateUscc } from '@app/domain';

/** One inspector of the roster (执法检查人员名录库). */
export interface InspectorRow {
  id: string;
  name: string;
  department: string;
  regionCode: string;
  qualifications: string[];
  certified: boolean;
  /** Enterprises the inspector declared a conflict of interest with (回避). */
  conflictUsccs: string[];
  /** Related persons declared (kept for the record; the register holds no persons to match). */
  relatedPersons: string[];
  capacityPerPeriod: number;
  active: boolean;
}

const FIELDS = [
  'id',
  'name',
  'department',
  'regionCode',
  'qualifications',
  'certified',
  'conflictUsccs',
  'relatedPersons',
  'capacityPerPeriod',
  'active',
];

/** A list: a JSON array, or (from CSV) a cell with `;` between items. */
function list(value: unknown, typed: boolean): string[] | undefined {
  if (value === undefined || value === null || (!typed && value === '')) return [];
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'string') ? value.map((v) => v.trim()) : undefined;
  if (typeof value === 'string' && !typed)
    return value
      .split(';')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  return undefined;
}

function flag(value: unknown, fallback: boolean, typed: boolean): boolean | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typed) return undefined;
  if (value === '') return fallback;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  return undefined;
}

/**
 * Checks one roster row; every problem is reported with the row's index and the field. From JSON
 * (`format: 'json'`) every field has its own type: lists are arrays, flags booleans, the capacity a
 * number. From a CSV line every cell is text: lists are `;`-separated, flags true/false/1/0/yes/no.
 */
export function parseInspectorRow(
  input: unknown,
  index: number,
  format: 'json' | 'csv' = 'csv',
): { ok: true; row: InspectorRow } | { ok: false; problems: ErrorDetail[] } {
  const at = (field: string) => `inspectors[${index}].${field}`;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: `inspectors[${index}]`, message: 'must be an object' }] };
  }
  const raw = input as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  for (const key of Object.keys(raw)) {
    if (!FIELDS.includes(key))
      problems.push({ path: at(key), message: `is not an inspector field (${FIELDS.join(', ')})` });
  }
  const text = (field: string, pattern: RegExp, message: string): string => {
    const v = raw[field];
    if (typeof v !== 'string' || !pattern.test(v.trim())) {
      problems.push({ path: at(field), message });
      return '';
    }
    return v.trim();
  };
  const id = text('id', /^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');
  const name = text('name', /^.{1,200}$/u, 'must be 1-200 characters');
  const department = text('department', /^.{1,64}$/u, 'must be 1-64 characters');
  const regionCode = text('regionCode', /^\d{1,6}$/, 'must be a division code prefix of 1-6 digits');
  const typed = format === 'json';
  const qualifications = list(raw.qualifications, typed);
  if (!qualifications) problems.push({ path: at('qualifications'), message: 'must be a list of strings' });
  const conflictUsccs = list(raw.conflictUsccs, typed);
  if (!conflictUsccs) problems.push({ path: at('conflictUsccs'), message: 'must be a list of codes' });
  const codes: string[] = [];
  conflictUsccs?.forEach((c, i) => {
    const v = validateUscc(c);
    if (v.valid) codes.push(v.uscc);
    else problems.push({ path: `${at('conflictUsccs')}[${i}]`, message: v.message });
  });
  const relatedPersons = list(raw.relatedPersons, typed);
  if (!relatedPersons) problems.push({ path: at('relatedPersons'), message: 'must be a list of strings' });
  const certified = flag(raw.certified, false, typed);
  if (certified === undefined) problems.push({ path: at('certified'), message: 'must be true or false' });
  const active = flag(raw.active, true, typed);
  if (active === undefined) problems.push({ path: at('active'), message: 'must be true or false' });
  const capacity =
    typeof raw.capacityPerPeriod === 'string' && !typed
      ? Number(raw.capacityPerPeriod)
      : raw.capacityPerPeriod;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > 100_000) {
    problems.push({ path: at('capacityPerPeriod'), message: 'must be a whole number 0-100000' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    row: {
      id,
      name,
      department,
      regionCode,
      qualifications: [...new Set(qualifications)].sort(),
      certified: certified!,
      conflictUsccs: [...new Set(codes)].sort(),
      relatedPersons: relatedPersons!,
      capacityPerPeriod: capacity as number,
      active: active!,
    },
  };
}
