import { DomainError, ErrorCode, ErrorDetail, normalizeUscc } from '@app/domain';
import { validateAs } from '@app/http';
import { InspectorDto } from './inspector.dto';

/** One inspector of the roster (执法检查人员名录库). */
export interface InspectorRow {
  id: string;
  name: string;
  department: string;
  regionCode: string;
  qualifications: string[];
  certified: boolean;
  /** Enforcement certificate number (shown by the 扫码入企 check); null when not given. */
  certificateNo: string | null;
  /** Enterprises the inspector declared a conflict of interest with (回避). */
  conflictUsccs: string[];
  /** Related persons declared (kept for the record; the register holds no persons to match). */
  relatedPersons: string[];
  capacityPerPeriod: number;
  active: boolean;
}

const LISTS = ['qualifications', 'conflictUsccs', 'relatedPersons'];
const FLAGS = ['certified', 'active'];
const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];

/**
 * A CSV line read into the typed fields of InspectorDto: a list is a cell with `;` between items,
 * a flag true/false/1/0/yes/no, the capacity a whole number; an empty cell is a field left out.
 * A cell that does not read stays text, for InspectorDto to refuse by its field. Values that are
 * already typed (a JSON file through the CLI) pass as they are.
 */
export function inspectorCells(line: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, cell] of Object.entries(line)) {
    if (typeof cell !== 'string') out[field] = cell;
    else if (
      cell.trim() === '' &&
      (LISTS.includes(field) || FLAGS.includes(field) || field === 'capacityPerPeriod')
    )
      continue;
    else if (LISTS.includes(field))
      out[field] = cell
        .split(';')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
    else if (FLAGS.includes(field)) {
      const v = cell.trim().toLowerCase();
      out[field] = TRUE.includes(v) ? true : FALSE.includes(v) ? false : cell;
    } else if (field === 'capacityPerPeriod')
      out[field] = /^\s*-?\d{1,9}\s*$/.test(cell) ? Number(cell) : cell;
    else out[field] = cell;
  }
  return out;
}

/** The row an InspectorDto (checked) stands for, with its defaults; lists trimmed, sorted, without repeats. */
function rowOf(dto: InspectorDto): InspectorRow {
  const list = (items: string[] | null | undefined) =>
    [...new Set((items ?? []).map((v) => v.trim()))].sort();
  return {
    id: dto.id,
    name: dto.name,
    department: dto.department,
    regionCode: dto.regionCode,
    qualifications: list(dto.qualifications),
    certified: dto.certified ?? false,
    certificateNo: dto.certificateNo?.trim() || null,
    conflictUsccs: [...new Set((dto.conflictUsccs ?? []).map(normalizeUscc))].sort(),
    relatedPersons: (dto.relatedPersons ?? []).map((v) => v.trim()),
    capacityPerPeriod: dto.capacityPerPeriod,
    active: dto.active ?? true,
  };
}

/**
 * Checks a roster row by row with InspectorDto; every problem is named by its row and field
 * (`inspectors[3].regionCode`), and an id given twice by its second row. From JSON (`format:
 * 'json'`) every field has its own type: lists are arrays, flags booleans, the capacity a number;
 * from CSV (the default) each line is first read by inspectorCells. Throws a 400 naming the
 * problems (the first 1000).
 */
export function parseRoster(input: unknown, format: 'json' | 'csv' = 'csv'): InspectorRow[] {
  if (!Array.isArray(input)) {
    throw new DomainError(ErrorCode.ValidationFailed, 'body must be a JSON array of inspectors', [
      { path: 'body', message: 'must be a JSON array' },
    ]);
  }
  if (input.length === 0) {
    throw new DomainError(ErrorCode.ValidationFailed, 'the roster is empty', [
      { path: 'inspectors', message: 'must hold at least one inspector' },
    ]);
  }
  const rows: InspectorRow[] = [];
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  input.forEach((item: unknown, i) => {
    const cells =
      format === 'csv' && typeof item === 'object' && item !== null && !Array.isArray(item)
        ? inspectorCells(item as Record<string, unknown>)
        : item;
    const checked = validateAs(InspectorDto, cells, `inspectors[${i}]`);
    if (!checked.ok) return void problems.push(...checked.problems);
    const row = rowOf(checked.value);
    const first = seen.get(row.id);
    if (first !== undefined)
      problems.push({ path: `inspectors[${i}].id`, message: `${row.id} is already row ${first}` });
    seen.set(row.id, i);
    rows.push(row);
  });
  if (problems.length > 0)
    throw new DomainError(ErrorCode.ValidationFailed, 'invalid roster', problems.slice(0, 1000));
  return rows;
}
