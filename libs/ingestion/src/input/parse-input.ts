import { DomainError, ErrorCode } from '@app/domain';
import { parseCsv } from '../parsing/csv.parser';
import { parseJsonArray } from '../parsing/json-array.parser';
import { parseNdjson } from '../parsing/ndjson.parser';
import type { ParsedRow } from '../parsing/parsed-row';

export type InputFormat = 'json' | 'ndjson' | 'csv';

/** CSV cells that hold lists (`food;platform`). */
const CSV_ARRAY_COLUMNS = ['tags', 'payload.items'];

/** A JSON array must be parsed whole; beyond this, send NDJSON or CSV (they stream). */
export const JSON_ARRAY_MAX_BYTES = 256 * 1024 * 1024;

/** Rows of any of the three formats, streamed for NDJSON and CSV. */
export async function* parseInput(
  format: InputFormat,
  input: AsyncIterable<Buffer | string>,
): AsyncGenerator<ParsedRow> {
  if (format === 'ndjson') {
    yield* parseNdjson(input);
  } else if (format === 'csv') {
    yield* parseCsv(input, { arrayColumns: CSV_ARRAY_COLUMNS });
  } else {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of input) {
      const b = typeof part === 'string' ? Buffer.from(part) : part;
      size += b.length;
      if (size > JSON_ARRAY_MAX_BYTES) {
        throw new DomainError(ErrorCode.ValidationFailed, 'JSON array too large: send NDJSON or CSV', [
          { path: 'body', message: `a JSON array may be at most ${JSON_ARRAY_MAX_BYTES} bytes` },
        ]);
      }
      parts.push(b);
    }
    let rows: ParsedRow[];
    try {
      rows = parseJsonArray(Buffer.concat(parts).toString('utf8'));
    } catch (error) {
      throw new DomainError(ErrorCode.ValidationFailed, (error as Error).message, [
        { path: 'body', message: (error as Error).message },
      ]);
    }
    yield* rows;
  }
}
