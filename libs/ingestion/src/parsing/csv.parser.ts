import { DomainError, ErrorCode } from '@app/domain';
import { parse, type Parser } from 'csv-parse';
import { byteChunks, type ByteSource } from './byte-source';
import { CsvRecordSplitter } from './csv-record.splitter';
import { CsvRowBuilder } from './csv-row.builder';
import type { ParsedRow } from './parsed-row';

export interface CsvParseOptions {
  /** Largest accepted record in bytes, its line end excluded. Default 1 MiB. */
  maxRecordBytes?: number;
  /** Full (dotted) names of the columns whose cells are lists, e.g. `['tags', 'payload.items']`. */
  arrayColumns?: readonly string[];
  /** What separates the items of a list cell. Default `;`. */
  arraySeparator?: string;
}

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Parses UTF-8 CSV (RFC 4180, comma separated, `\n` or `\r\n` line ends) with a header row, record by record.
 *
 * `row` is the record number after the header. Each bad record becomes one error row and parsing goes on
 * with the next: wrong number of cells, broken quotes, invalid UTF-8 and records over `maxRecordBytes` (see
 * CsvRecordSplitter for why those are caught before csv-parse). An unterminated quote runs to the end of the
 * input, so it is the last row. Blank lines are skipped and not counted.
 *
 * A cell holding a NUL (valid UTF-8, but PostgreSQL stores no NUL in text) is an error row naming its
 * column; cells are only searched for one once a chunk has held a 0 byte, so clean files pay one memchr
 * per chunk.
 *
 * Throws a DomainError (400), before any row, when the header is unusable: duplicate, empty or
 * conflicting column names, or a header record that is itself broken. An empty input gives no rows.
 */
export async function* parseCsv(input: ByteSource, options: CsvParseOptions = {}): AsyncGenerator<ParsedRow> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1) {
    throw new RangeError(`maxRecordBytes must be a positive integer, got ${maxRecordBytes}`);
  }
  const arraySeparator = options.arraySeparator ?? ';';
  if (arraySeparator === '') throw new RangeError('arraySeparator must not be empty');

  const splitter = new CsvRecordSplitter(maxRecordBytes);
  const records: string[][] = [];
  const parser = parse({
    delimiter: ',',
    quote: '"',
    escape: '"',
    // Explicit, not auto-detected from the first line, so that they match the splitter's record ends.
    record_delimiter: ['\r\n', '\n'],
    // The splitter drops the byte order mark: quote tracking has to start after it. Left to csv-parse, a
    // UTF-16 one would also switch the decoding, while this parser only reads UTF-8.
    bom: false,
    skip_empty_lines: true,
    // Compared with the header below, so that a short or long record is an error row with its number.
    relax_column_count: true,
    // The splitter already rejects longer records (it counts bytes, csv-parse counts characters).
    max_record_size: maxRecordBytes,
  });
  // Errors are read from `parser.errored` after each write; this only stops an unhandled 'error' event.
  parser.on('error', () => undefined);

  let builder: CsvRowBuilder | undefined;
  let sawNul = false;
  let row = 0;
  let nextOutcome = 0;
  let nextRecord = 0;

  /** The rows of every outcome csv-parse has caught up with (it holds back the end of what it was given). */
  function* settled(): Generator<ParsedRow> {
    const outcomes = splitter.outcomes;
    while (nextOutcome < outcomes.length) {
      const outcome = outcomes[nextOutcome];
      if (outcome === null && nextRecord === records.length) break;
      nextOutcome++;
      if (builder === undefined) {
        if (outcome !== null) throw csvHeaderError(outcome);
        try {
          builder = CsvRowBuilder.fromHeader(records[nextRecord++], {
            arrayColumns: options.arrayColumns,
            arraySeparator,
          });
        } catch (error) {
          throw csvHeaderError((error as Error).message);
        }
        continue;
      }
      row++;
      if (outcome !== null) {
        yield { row, error: outcome };
        continue;
      }
      const cells = records[nextRecord++];
      if (cells.length !== builder.columnCount) {
        yield { row, error: `expected ${builder.columnCount} columns, found ${cells.length}` };
        continue;
      }
      const nul = sawNul ? cells.findIndex((cell) => cell.indexOf('\u0000') !== -1) : -1;
      yield nul === -1
        ? { row, value: builder.build(cells) }
        : { row, path: builder.columnName(nul), error: 'must not contain NUL (U+0000)' };
    }
    // Everything handed out: start the queues over rather than let them grow with the file.
    if (nextOutcome === outcomes.length) {
      outcomes.length = 0;
      nextOutcome = 0;
    }
    if (nextRecord === records.length) {
      records.length = 0;
      nextRecord = 0;
    }
  }

  try {
    for await (const chunk of byteChunks(input)) {
      if (!sawNul && chunk.indexOf(0) !== -1) sawNul = true;
      splitter.push(chunk);
      const failure = feed(parser, splitter.accepted, records);
      if (failure !== undefined) {
        yield* settled();
        yield { row: row + 1, error: failure };
        return;
      }
      yield* settled();
    }
    splitter.end();
    const failure = feed(parser, splitter.accepted, records) ?? (await finish(parser, records));
    yield* settled();
    if (failure !== undefined) yield { row: row + 1, error: failure };
    else if (nextOutcome < splitter.outcomes.length) throw new Error('CSV parser lost track of records');
  } finally {
    parser.destroy();
  }
}

/** An unusable header: the whole input is refused (400), nothing is read further. */
export function csvHeaderError(reason: string): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, `invalid CSV header: ${reason}`, [
    { path: 'header', message: reason },
  ]);
}

/**
 * Hands the accepted bytes to csv-parse and takes the records it can already give. Its transform is
 * synchronous, so they are ready as soon as write() returns; reading them after each write also keeps its
 * readable side under the high-water mark, so it never postpones the next write. (Taking them with
 * `on_record` instead would be simpler but costs csv-parse two object spreads per record.)
 *
 * Returns csv-parse's complaint, if any. The splitter leaves it none to make, but should it find one, it has
 * stopped for good (csv-parse cannot go on after an error), so the caller ends with one final error row.
 */
function feed(parser: Parser, accepted: Buffer[], records: string[][]): string | undefined {
  for (const bytes of accepted) {
    parser.write(bytes);
    drain(parser, records);
  }
  accepted.length = 0;
  return parser.errored === null ? undefined : `invalid CSV: ${parser.errored.message}`;
}

/** Ends the input of csv-parse, which then parses whatever it held back. */
async function finish(parser: Parser, records: string[][]): Promise<string | undefined> {
  const error = await new Promise<Error | null | undefined>((resolve) => parser.end(resolve));
  drain(parser, records);
  return error ? `invalid CSV: ${error.message}` : undefined;
}

function drain(parser: Parser, records: string[][]): void {
  let record: unknown;
  while ((record = parser.read()) !== null) records.push(record as string[]);
}

/**
 * Checks the header of a CSV body while it arrives, so that a body stored for an import job is
 * refused at once (400) rather than by the worker later: feed the chunks; `push` throws the
 * header's DomainError as soon as the header record is complete (or too long to be one), `end`
 * when the body ends first. Holds at most the header record and one chunk.
 */
export class CsvHeaderProbe {
  private readonly splitter = new CsvRecordSplitter(DEFAULT_MAX_RECORD_BYTES);
  private head: Buffer[] = [];
  private headBytes = 0;
  private checked = false;

  async push(chunk: Buffer): Promise<void> {
    if (this.checked) return;
    this.head.push(chunk);
    this.headBytes += chunk.length;
    this.splitter.push(chunk);
    this.splitter.accepted.length = 0;
    if (this.splitter.outcomes.length > 0 || this.headBytes > DEFAULT_MAX_RECORD_BYTES + 2)
      await this.check();
  }

  async end(): Promise<void> {
    if (!this.checked) await this.check();
  }

  private async check(): Promise<void> {
    this.checked = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    const rows = parseCsv(
      (async function* () {
        yield head;
      })(),
    );
    try {
      // The header is read (or refused) before the first row is handed out.
      await rows.next();
    } finally {
      await rows.return(undefined);
    }
  }
}
