import { isUtf8 } from 'node:buffer';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

// Where the scan is within a record (RFC 4180: `,` separates fields, `"` quotes, `""` is a quote inside quotes).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just after a `"` inside a quoted field: it closed the field, unless another `"` follows. */
const AFTER_QUOTE = 3;
/** A `\r` after a closing quote, which only a `\n` may follow. */
const AFTER_QUOTE_CR = 4;

const INVALID_UTF8 = 'invalid UTF-8';
const QUOTE_IN_UNQUOTED_FIELD = 'quote inside unquoted field';
const TEXT_AFTER_CLOSING_QUOTE = 'closing quote not followed by a comma or line end';
const UNTERMINATED_QUOTE = 'unterminated quoted field';

/**
 * Cuts a CSV byte stream into records before csv-parse sees it, and rejects the records csv-parse cannot
 * recover from: a broken quote, invalid UTF-8 and a record over the size limit. csv-parse then only gets
 * well-formed records, so every problem becomes one error row for one record and parsing goes on.
 *
 * csv-parse alone cannot do this (v7, even with `skip_records_with_error`): after a misplaced closing quote
 * it stays "inside quotes" and swallows the rest of the file; after `max_record_size` it drops the rest of the
 * chunk, or reports the same error once per chunk; and it decodes invalid UTF-8 to U+FFFD without a word.
 *
 * Records end at `\n` or `\r\n` outside quotes (a lone `\r` is data, so classic Mac files are one big
 * record). Blank lines are not records. A UTF-8 byte order mark at the very start is dropped here, so the
 * header's first field can be quoted. Memory: a record is held only while it spans chunks, and only up to
 * `maxRecordBytes`; past that its bytes are dropped as they arrive, while quotes are still tracked to find
 * where it ends.
 *
 * Output, in input order: `outcomes` has one entry per record, `null` for an accepted record and the reason
 * for a rejected one; `accepted` has the bytes of the accepted records (blank lines may be mixed in). The
 * caller empties both.
 */
export class CsvRecordSplitter {
  readonly accepted: Buffer[] = [];
  readonly outcomes: (string | null)[] = [];

  private readonly tooLong: string;
  private state = FIELD_START;
  /**
   * The first thing wrong with the current record. The scan then goes on leniently to find where the record
   * ends: a stray quote counts as data, and text after a closing quote as more of the field.
   */
  private problem: string | undefined;
  /** Copies of the current record's bytes from earlier chunks. */
  private carry: Buffer[] = [];
  /** How many bytes of the current record earlier chunks held (still counted after `carry` is dropped). */
  private carried = 0;
  private carriedLastByte = 0;
  private overLimit = false;
  /** Ends (just past the `\n`) of the accepted records of the current chunk not yet moved to `accepted`. */
  private readonly runEnds: number[] = [];
  /** The first bytes, until there are enough to tell whether they are a byte order mark. */
  private head: Buffer | undefined;
  private started = false;

  constructor(private readonly maxRecordBytes: number) {
    this.tooLong = `record longer than ${maxRecordBytes} bytes`;
  }

  push(chunk: Buffer): void {
    if (!this.started) {
      const bytes = this.head === undefined ? chunk : Buffer.concat([this.head, chunk]);
      if (bytes.length < 3) {
        this.head = bytes;
        return;
      }
      this.head = undefined;
      this.started = true;
      chunk = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    }
    this.scan(chunk);
  }

  /** The input is over: settles a last record that has no line end. */
  end(): void {
    if (!this.started) {
      this.started = true;
      if (this.head !== undefined) this.scan(this.head);
      this.head = undefined;
    }
    if (this.carried === 0) return;
    // A `\r` at the very end is a line end that lost its `\n` (unless it sits inside quotes, which is an error).
    const size = this.carried - (this.carriedLastByte === CR ? 1 : 0);
    const rejection =
      this.state === QUOTED
        ? UNTERMINATED_QUOTE
        : this.overLimit || size > this.maxRecordBytes
          ? this.tooLong
          : this.problem;
    const carry = this.carry;
    this.resetRecord();
    this.state = FIELD_START;
    this.problem = undefined;
    if (size === 0) return;
    if (rejection !== undefined) {
      this.outcomes.push(rejection);
      return;
    }
    this.acceptWhole(Buffer.concat(carry).subarray(0, size));
  }

  private scan(chunk: Buffer): void {
    const length = chunk.length;
    const max = this.maxRecordBytes;
    let state = this.state;
    let problem = this.problem;
    let spanning = this.carried > 0;
    let recordStart = 0;
    let runStart = 0;
    let i = 0;
    while (i < length) {
      if (state === QUOTED) {
        // Inside quotes only the next quote matters, and indexOf finds it far faster than a byte loop.
        const quote = chunk.indexOf(QUOTE, i);
        if (quote === -1) break;
        state = AFTER_QUOTE;
        i = quote + 1;
        continue;
      }
      const byte = chunk[i];
      if (byte === LF) {
        const end = i + 1;
        if (spanning) {
          this.finishSpanningRecord(chunk, i, problem);
          spanning = false;
          runStart = end;
        } else {
          const size = (i > recordStart && chunk[i - 1] === CR ? i - 1 : i) - recordStart;
          if (size > 0) {
            const rejection = size > max ? this.tooLong : problem;
            if (rejection === undefined) {
              this.runEnds.push(end);
            } else {
              this.flushRun(chunk, runStart, recordStart);
              this.outcomes.push(rejection);
              runStart = end;
            }
          }
        }
        recordStart = end;
        state = FIELD_START;
        problem = undefined;
        i = end;
        continue;
      }
      switch (state) {
        case FIELD_START:
          state = byte === QUOTE ? QUOTED : byte === COMMA ? FIELD_START : UNQUOTED;
          break;
        case UNQUOTED:
          if (byte === COMMA) state = FIELD_START;
          else if (byte === QUOTE) problem ??= QUOTE_IN_UNQUOTED_FIELD;
          break;
        case AFTER_QUOTE:
          if (byte === QUOTE) state = QUOTED;
          else if (byte === COMMA) state = FIELD_START;
          else if (byte === CR) state = AFTER_QUOTE_CR;
          else {
            problem ??= TEXT_AFTER_CLOSING_QUOTE;
            state = UNQUOTED;
          }
          break;
        default:
          // AFTER_QUOTE_CR without the LF: carry on as if the field were unquoted, and look at this byte again.
          problem ??= TEXT_AFTER_CLOSING_QUOTE;
          state = UNQUOTED;
          continue;
      }
      i++;
    }
    this.flushRun(chunk, runStart, recordStart);
    this.state = state;
    this.problem = problem;
    if (recordStart < length) this.carryTail(chunk, recordStart);
  }

  /** Keeps the start of a record that goes on in the next chunk, unless it is already too long. */
  private carryTail(chunk: Buffer, from: number): void {
    this.carried += chunk.length - from;
    this.carriedLastByte = chunk[chunk.length - 1];
    if (this.overLimit) return;
    // One byte of slack: the record may end in `\r\n`, and the `\r` does not count.
    if (this.carried > this.maxRecordBytes + 1) {
      this.overLimit = true;
      this.carry = [];
    } else {
      this.carry.push(Buffer.from(chunk.subarray(from)));
    }
  }

  /** A record that began in an earlier chunk ends at `chunk[lf]`. */
  private finishSpanningRecord(chunk: Buffer, lf: number, problem: string | undefined): void {
    const crBeforeLf = lf > 0 ? chunk[lf - 1] === CR : this.carriedLastByte === CR;
    const size = this.carried + lf - (crBeforeLf ? 1 : 0);
    const overLimit = this.overLimit || size > this.maxRecordBytes;
    const carry = this.carry;
    this.resetRecord();
    if (size === 0) return;
    if (overLimit) this.outcomes.push(this.tooLong);
    else if (problem !== undefined) this.outcomes.push(problem);
    else {
      carry.push(chunk.subarray(0, lf + 1));
      this.acceptWhole(Buffer.concat(carry));
    }
  }

  private acceptWhole(record: Buffer): void {
    if (isUtf8(record)) {
      this.accepted.push(record);
      this.outcomes.push(null);
    } else {
      this.outcomes.push(INVALID_UTF8);
    }
  }

  /** Moves the accepted records in `chunk[from, to)` to `accepted`, checking their UTF-8 all at once. */
  private flushRun(chunk: Buffer, from: number, to: number): void {
    const ends = this.runEnds;
    if (ends.length === 0) return;
    const run = chunk.subarray(from, to);
    if (isUtf8(run)) {
      this.accepted.push(run);
      for (let k = 0; k < ends.length; k++) this.outcomes.push(null);
    } else {
      // Rare: find which records are at fault and cut them out.
      let keptFrom = from;
      let recordFrom = from;
      for (const end of ends) {
        if (isUtf8(chunk.subarray(recordFrom, end))) {
          this.outcomes.push(null);
        } else {
          if (recordFrom > keptFrom) this.accepted.push(chunk.subarray(keptFrom, recordFrom));
          this.outcomes.push(INVALID_UTF8);
          keptFrom = end;
        }
        recordFrom = end;
      }
      if (to > keptFrom) this.accepted.push(chunk.subarray(keptFrom, to));
    }
    ends.length = 0;
  }

  private resetRecord(): void {
    this.carry = [];
    this.carried = 0;
    this.carriedLastByte = 0;
    this.overLimit = false;
  }
}
