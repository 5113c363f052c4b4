import { DomainError, ErrorCode } from '@app/domain';
import type { ParsedRow, RowProblem } from '@app/ingestion';

/**
 * The rows of one POST to a capital ingestion route, validated and deduplicated as the records route
 * does: every bad row is named with its field, the same key twice keeps the last row, and the rows
 * are written afterwards in key order in one transaction (so concurrent posts lock in one order).
 */

export interface CollectedRows<T> {
  rows: number;
  valid: { row: number; key: string; value: T }[];
  rejected: RowProblem[];
  duplicates: { row: number; key: string; supersededBy: number }[];
}

export type RowCheck<T> = (
  row: number,
  input: Record<string, unknown>,
) => { ok: true; value: T } | { ok: false; problems: RowProblem[] };

/** At most this many rows in one request (the routes take no import jobs). */
export const MAX_CAPITAL_ROWS = 20_000;

export async function collectRows<T extends { source: string; sourceRecordId: string }>(
  input: AsyncIterable<ParsedRow>,
  check: RowCheck<T>,
): Promise<CollectedRows<T>> {
  const byKey = new Map<string, { row: number; key: string; value: T }>();
  const rejected: RowProblem[] = [];
  const duplicates: CollectedRows<T>['duplicates'] = [];
  let rows = 0;
  for await (const parsed of input) {
    rows++;
    if (rows > MAX_CAPITAL_ROWS) {
      throw new DomainError(ErrorCode.ValidationFailed, `at most ${MAX_CAPITAL_ROWS} rows per request`, [
        { path: 'body', message: `split the input into requests of at most ${MAX_CAPITAL_ROWS} rows` },
      ]);
    }
    if ('error' in parsed) {
      rejected.push({ row: parsed.row, path: parsed.path ?? '', message: parsed.error });
      continue;
    }
    const result = check(parsed.row, parsed.value);
    if (!result.ok) {
      rejected.push(...result.problems);
      continue;
    }
    const key = `${result.value.source}/${result.value.sourceRecordId}`;
    const previous = byKey.get(key);
    if (previous) {
      duplicates.push({ row: previous.row, key, supersededBy: parsed.row });
      byKey.delete(key);
    }
    byKey.set(key, { row: parsed.row, key, value: result.value });
  }
  const valid = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rows, valid, rejected, duplicates };
}

/** An atomic post with bad rows stores nothing: 400 naming each row and field. */
export function refuseAtomic(rejected: readonly RowProblem[]): never {
  throw new DomainError(
    ErrorCode.ValidationFailed,
    `${new Set(rejected.map((p) => p.row)).size} row(s) invalid; atomic import stored nothing`,
    rejected.map((p) => ({ path: `[${p.row - 1}]${p.path ? `.${p.path}` : ''}`, message: p.message })),
  );
}
