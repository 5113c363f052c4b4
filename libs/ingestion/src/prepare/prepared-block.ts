import { creditLine, riskLine } from '../bulk/record.writer';
import { enterpriseLine } from '../bulk/enterprise.writer';
import type { ParsedRow } from '../parsing/parsed-row';
import { RowValidator } from '../rows/row.validator';
import type { RowProblem } from '../rows/row.types';

export type IngestTarget = 'enterprises' | 'records';

export type PreparedTable = 'enterprise' | 'credit' | 'risk';

/** A validated row: its key (for duplicates), table, enterprise and COPY line. */
export interface Prepared {
  row: number;
  key: string;
  table: PreparedTable;
  uscc: string;
  line: string;
}

/**
 * Prepared rows and rejected rows in input order, as columns: cheap to post from a worker thread
 * (a few arrays of strings instead of thousands of small objects) and to walk.
 */
export interface PreparedBlock {
  /** Every row's number, in input order. */
  rows: number[];
  /** Per row: 'e' enterprise, 'c' credit record, 'r' risk record, 'x' rejected. */
  kinds: string;
  /** Per prepared (not rejected) row, in order. */
  keys: string[];
  usccs: string[];
  lines: string[];
  /** Per rejected row, in order. */
  problems: RowProblem[][];
}

const KIND: Record<PreparedTable, string> = { enterprise: 'e', credit: 'c', risk: 'r' };
const TABLE: Record<string, PreparedTable> = { e: 'enterprise', c: 'credit', r: 'risk' };

/**
 * Validation and COPY-line building: the CPU-heavy, stateless part of ingestion, the same whether
 * it runs on the main thread or in a preparation worker. Rows are appended to a block.
 */
export class BlockBuilder {
  private block = emptyBlock();
  private kinds: string[] = [];

  constructor(
    private readonly target: IngestTarget,
    private readonly validator: RowValidator,
  ) {}

  get size(): number {
    return this.block.rows.length;
  }

  add(parsed: ParsedRow): void {
    const b = this.block;
    b.rows.push(parsed.row);
    if ('error' in parsed) {
      this.reject([{ row: parsed.row, path: '', message: parsed.error }]);
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
    const b = this.block;
    b.kinds = this.kinds.join('');
    this.block = emptyBlock();
    this.kinds = [];
    return b;
  }

  private accept(table: PreparedTable, key: string, uscc: string, line: string): void {
    this.kinds.push(KIND[table]);
    this.block.keys.push(key);
    this.block.usccs.push(uscc);
    this.block.lines.push(line);
  }

  private reject(problems: RowProblem[]): void {
    this.kinds.push('x');
    this.block.problems.push(problems);
  }
}

/** A row that failed parsing or validation. */
export interface Rejected {
  row: number;
  problems: RowProblem[];
}

/** The rows of a block, prepared or rejected, in input order. */
export function* rowsOf(block: PreparedBlock): Generator<Prepared | Rejected> {
  let p = 0;
  let x = 0;
  for (let i = 0; i < block.rows.length; i++) {
    const kind = block.kinds[i];
    if (kind === 'x') yield { row: block.rows[i], problems: block.problems[x++] };
    else {
      yield {
        row: block.rows[i],
        key: block.keys[p],
        table: TABLE[kind],
        uscc: block.usccs[p],
        line: block.lines[p],
      };
      p++;
    }
  }
}

function emptyBlock(): PreparedBlock {
  return { rows: [], kinds: '', keys: [], usccs: [], lines: [], problems: [] };
}
