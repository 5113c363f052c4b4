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

/**
 * An input not yet parsed: its format and its bytes. Iterating it parses the rows on the calling
 * thread; `IngestService` can instead parse and validate it in a worker thread (`prepareInWorker`).
 */
export class RowInput implements AsyncIterable<ParsedRow> {
  constructor(
    readonly format: InputFormat,
    readonly source: AsyncIterable<Buffer | string>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<ParsedRow> {
    return parseRows(this.format, this.source);
  }
}

/** The rows of `input` in `format`, parsed as they are iterated (or in a worker: see RowInput). */
export function parseInput(format: InputFormat, input: AsyncIterable<Buffer | string>): RowInput {
  return new RowInput(format, input);
}

/** Rows of any of the three formats, streamed for NDJSON and CSV. */
export function parseRows(
  format: InputFormat,
  input: AsyncIterable<Buffer | Uint8Array | string>,
): AsyncGenerator<ParsedRow> {
  // The streaming parsers directly, not through another generator: one async step less per row.
  if (format === 'ndjson') return parseNdjson(input);
  if (format === 'csv') return parseCsv(input, { arrayColumns: CSV_ARRAY_COLUMNS });
  return parseJsonBody(input);
}

/** Invalid UTF-8 is refused, never decoded to U+FFFD (a leading byte order mark is dropped). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

async function* parseJsonBody(input: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<ParsedRow> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of input) {
    const b =
      typeof part === 'string'
        ? Buffer.from(part)
        : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    size += b.length;
    if (size > JSON_ARRAY_MAX_BYTES) {
      throw new DomainError(ErrorCode.ValidationFailed, 'JSON array too large: send NDJSON or CSV', [
        { path: 'body', message: `a JSON array may be at most ${JSON_ARRAY_MAX_BYTES} bytes` },
      ]);
    }
    parts.push(b);
  }
  let text: string;
  try {
    text = strictUtf8.decode(Buffer.concat(parts));
  } catch {
    throw new DomainError(ErrorCode.ValidationFailed, 'invalid UTF-8 in the JSON body', [
      { path: 'body', message: 'is not valid UTF-8' },
    ]);
  }
  let rows: ParsedRow[];
  try {
    rows = parseJsonArray(text);
  } catch (error) {
    throw new DomainError(ErrorCode.ValidationFailed, (error as Error).message, [
      { path: 'body', message: (error as Error).message },
    ]);
  }
  yield* rows;
}
