import { creditLine, riskLine } from '../bulk/record.writer';
import { enterpriseLine } from '../bulk/enterprise.writer';
import type { ParsedRow } from '../parsing/parsed-row';
import { printable } from '../parsing/value-check';
import { RowValidator } from '../rows/row.validator';
import type { RowProblem } from '../rows/row.types';

export type IngestTarget = 'enterprises' | 'records';

export type PreparedTable = 'enterprise' | 'credit' | 'risk';

/** A validated row: its key (for duplicates), table, enterprise and COPY line (UTF-8 bytes). */
export interface Prepared {
  row: number;
  key: string;
  table: PreparedTable;
  uscc: string;
  /** A view into its block's bytes: written to COPY as is, never decoded or copied one by one. */
  line: Uint8Array;
}

/**
 * Prepared rows and rejected rows in input order, as columns of packed text: cheap to post from a
 * worker thread (a few strings and typed arrays instead of thousands of small objects, which
 * structured cloning would walk one by one) and to walk.
 */
export interface PreparedBlock {
  /** Every row's number, in input order. */
  rows: Int32Array;
  /** Per row: 'e' enterprise, 'c' credit record, 'r' risk record, 'x' rejected. */
  kinds: string;
  /** Per prepared (not rejected) row, in order. */
  keys: Packed;
  usccs: Packed;
  /**
   * The COPY lines, encoded once here: the main thread only slices and writes them (encoding each
   * line there cost it about a fifth of its time), and the bytes move between threads without a copy.
   */
  lines: PackedBytes;
  /** Per rejected row, in order. */
  problems: RowProblem[][];
}

/** Strings concatenated, with where each ends. */
export interface Packed {
  text: string;
  ends: Int32Array;
}

/** UTF-8 bytes concatenated, with the byte offset where each piece ends. */
export interface PackedBytes {
  bytes: Uint8Array;
  ends: Int32Array;
}

/** The buffers of a block, to move (not clone) it to another thread. */
export function transferList(block: PreparedBlock): ArrayBuffer[] {
  return [
    block.rows.buffer,
    block.keys.ends.buffer,
    block.usccs.ends.buffer,
    block.lines.bytes.buffer,
    block.lines.ends.buffer,
  ] as ArrayBuffer[];
}

const KIND: Record<PreparedTable, string> = { enterprise: 'e', credit: 'c', risk: 'r' };
const TABLE: Record<string, PreparedTable> = { e: 'enterprise', c: 'credit', r: 'risk' };

/**
 * Validation and COPY-line building: the CPU-heavy, stateless part of ingestion, the same whether
 * it runs on the main thread or in a preparation worker. Rows are appended to a block.
 */
export class BlockBuilder {
  private rows: number[] = [];
  private kinds: string[] = [];
  private keys: string[] = [];
  private usccs: string[] = [];
  private lines = new LineBytes();
  private problems: RowProblem[][] = [];

  constructor(
    private readonly target: IngestTarget,
    private readonly validator: RowValidator,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  add(parsed: ParsedRow): void {
    this.rows.push(parsed.row);
    if ('error' in parsed) {
      this.reject([{ row: parsed.row, path: parsed.path ?? '', message: parsed.error }]);
    } else if (this.target === 'enterprises') {
      const result = this.validator.enterprise(parsed.row, parsed.value);
      if (!result.ok) this.reject(result.problems);
      else {
        const e = result.value;
        this.accept('enterprise', e.uscc, e.uscc, enterpriseLine(e));
      }
    } else {
      const result = this.validator.record(parsed.row, parsed.value);
      if (!result.ok) this.reject(result.problems);
      else {
        const v = result.value;
        this.accept(
          v.table,
          v.key,
          v.value.uscc,
          v.table === 'credit' ? creditLine(v.value) : riskLine(v.value),
        );
      }
    }
  }

  /** The rows added since the last take. */
  take(): PreparedBlock {
    const block: PreparedBlock = {
      rows: Int32Array.from(this.rows),
      kinds: this.kinds.join(''),
      keys: pack(this.keys),
      usccs: pack(this.usccs),
      lines: this.lines.take(),
      problems: this.problems,
    };
    this.rows = [];
    this.kinds = [];
    this.keys = [];
    this.usccs = [];
    this.problems = [];
    return block;
  }

  private accept(table: PreparedTable, key: string, uscc: string, line: string): void {
    this.kinds.push(KIND[table]);
    this.keys.push(key);
    this.usccs.push(uscc);
    this.lines.add(line);
  }

  private reject(problems: RowProblem[]): void {
    this.kinds.push('x');
    // Problems are shown and stored (import rejects): no NUL or lone surrogate from the input in them.
    for (const p of problems) {
      p.path = printable(p.path);
      p.message = printable(p.message);
    }
    this.problems.push(problems);
  }
}

function pack(strings: string[]): Packed {
  const ends = new Int32Array(strings.length);
  let end = 0;
  for (let i = 0; i < strings.length; i++) ends[i] = end += strings[i].length;
  return { text: strings.join(''), ends };
}

/** COPY lines written as UTF-8 into one growing buffer per block. */
class LineBytes {
  private bytes = Buffer.allocUnsafeSlow(64 * 1024);
  private length = 0;
  private ends: number[] = [];

  add(line: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const room = this.length + line.length * 3;
    if (room > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(room, this.bytes.length * 2));
      this.bytes.copy(bigger, 0, 0, this.length);
      this.bytes = bigger;
    }
    this.length += this.bytes.write(line, this.length);
    this.ends.push(this.length);
  }

  take(): PackedBytes {
    // Its own ArrayBuffer (allocUnsafeSlow never pools), so it can be transferred as a whole.
    const taken = { bytes: this.bytes.subarray(0, this.length), ends: Int32Array.from(this.ends) };
    this.bytes = Buffer.allocUnsafeSlow(Math.max(64 * 1024, this.length + (this.length >> 2)));
    this.length = 0;
    this.ends = [];
    return taken;
  }
}

/** A row that failed parsing or validation. */
export interface Rejected {
  row: number;
  problems: RowProblem[];
}

/** The rows of a block, prepared or rejected, in input order. */
export function* rowsOf(block: PreparedBlock): Generator<Prepared | Rejected> {
  const { keys, usccs, lines } = block;
  let p = 0;
  let x = 0;
  for (let i = 0; i < block.rows.length; i++) {
    const kind = block.kinds[i];
    if (kind === 'x') yield { row: block.rows[i], problems: block.problems[x++] };
    else {
      yield {
        row: block.rows[i],
        key: unpack(keys, p),
        table: TABLE[kind],
        uscc: unpack(usccs, p),
        line: lines.bytes.subarray(p === 0 ? 0 : lines.ends[p - 1], lines.ends[p]),
      };
      p++;
    }
  }
}

function unpack({ text, ends }: Packed, i: number): string {
  return text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
}
