import type { PoolClient } from 'pg';
import type { CreditRecordRow, RiskRecordRow, RowProblem } from '../rows/row.types';
import { copyInto } from '@app/persistence';
import { copyLine } from './copy-text';
import { ensureStaging } from './staging';

export interface Numbered<T> {
  row: number;
  value: T;
}

export interface RecordCorrection {
  table: 'credit_records' | 'risk_records';
  id: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface BatchOutcome {
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: RowProblem[];
  corrections: RecordCorrection[];
  /** Enterprises whose data changed: they need re-assessment. */
  changedUscc: string[];
}

const CREDIT_COLUMNS =
  'uscc, type, severity, occurred_on, publicity_until, source, source_record_id, repaired_at, payload';
const RISK_COLUMNS = 'uscc, type, severity, occurred_at, source, source_record_id, payload';

/** A record ready to write: its row number, enterprise and COPY line (UTF-8). */
export interface PreparedRecord {
  row: number;
  uscc: string;
  line: Uint8Array;
}

/** One COPY line of a credit record, prepared while the previous batch is being written. */
export function creditLine(r: CreditRecordRow): string {
  return copyLine([
    r.uscc,
    r.type,
    r.severity,
    r.occurredOn,
    r.publicityUntil,
    r.source,
    r.sourceRecordId,
    r.repairedAt,
    JSON.stringify(r.payload),
  ]);
}

export function riskLine(r: RiskRecordRow): string {
  return copyLine([
    r.uscc,
    r.type,
    r.severity,
    r.occurredAt,
    r.source,
    r.sourceRecordId,
    JSON.stringify(r.payload),
  ]);
}

/** The enterprises of a batch that exist (see knownEnterprises). */
export type KnownEnterprises = ReadonlySet<string>;

/**
 * Which of the codes name registered enterprises: one query for a batch's distinct codes, through
 * the primary key. `prefetched` are codes found known by an earlier query, possibly outside the
 * batch's transaction (enterprises are never deleted, so known stays known): only the others are
 * looked up, on `client`, inside the batch's transaction.
 */
export async function knownEnterprises(
  query: (sql: string, params: unknown[]) => Promise<{ uscc: string }[]>,
  codes: string[],
  prefetched?: KnownEnterprises,
): Promise<KnownEnterprises> {
  const missing = prefetched ? codes.filter((c) => !prefetched.has(c)) : codes;
  if (missing.length === 0) return prefetched ?? new Set();
  // bpchar[], not text[]: comparing char(18) with text casts the column and loses the index.
  const rows = await query(`SELECT uscc FROM enterprises WHERE uscc = ANY($1::bpchar[])`, [missing]);
  const known = new Set(prefetched);
  for (const r of rows) known.add(r.uscc);
  return known;
}

interface RecordTable {
  table: 'credit_records' | 'risk_records';
  stage: string;
  columns: string;
  /** The columns a correction may change (everything but the key). */
  contentColumns: string[];
}

const CREDIT: RecordTable = {
  table: 'credit_records',
  stage: 'stage_credit',
  columns: CREDIT_COLUMNS,
  contentColumns: ['uscc', 'type', 'severity', 'occurred_on', 'publicity_until', 'repaired_at', 'payload'],
};
const RISK: RecordTable = {
  table: 'risk_records',
  stage: 'stage_risk',
  columns: RISK_COLUMNS,
  contentColumns: ['uscc', 'type', 'severity', 'occurred_at', 'payload'],
};

/**
 * Writes one batch of records in the caller's transaction. Rows whose enterprise is not in `known`
 * are rejected first. Then the fast path: COPY straight into the tables under one savepoint — a
 * batch of new records (the usual case) is done. The savepoint is not released: that would cost a
 * round trip, and the commit releases it anyway. If any key already exists a COPY fails with a
 * unique violation, the savepoint is rolled back, and each table takes the upsert path: COPY into
 * staging, one `INSERT … ON CONFLICT (source, source_record_id) DO UPDATE … WHERE` the content
 * differs (jsonb compares payloads whatever their key order), which inserts new records, replaces
 * changed ones and leaves identical ones alone. Replaced versions come back from
 * `record_revisions`, filled by a trigger.
 */
export class RecordWriter {
  async write(
    client: PoolClient,
    credit: PreparedRecord[],
    risk: PreparedRecord[],
    known: KnownEnterprises,
  ): Promise<BatchOutcome> {
    const rejected: RowProblem[] = [];
    const isKnown = (r: PreparedRecord) => {
      if (known.has(r.uscc)) return true;
      rejected.push({ row: r.row, path: 'uscc', message: `unknown enterprise ${r.uscc}: register it first` });
      return false;
    };
    const goodCredit = credit.filter(isKnown);
    const goodRisk = risk.filter(isKnown);
    rejected.sort((a, b) => a.row - b.row);
    const good = goodCredit.length + goodRisk.length;
    if (good === 0)
      return { accepted: 0, updated: 0, unchanged: 0, rejected, corrections: [], changedUscc: [] };

    await client.query('SAVEPOINT direct_copy');
    try {
      if (goodCredit.length) await copyRecords(client, CREDIT, goodCredit);
      if (goodRisk.length) await copyRecords(client, RISK, goodRisk);
      const changedUscc = [...new Set([...goodCredit, ...goodRisk].map((r) => r.uscc))];
      return { accepted: good, updated: 0, unchanged: 0, rejected, corrections: [], changedUscc };
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await client.query('ROLLBACK TO SAVEPOINT direct_copy');
    }
    const a = goodCredit.length ? await this.upsert(client, CREDIT, goodCredit) : undefined;
    const b = goodRisk.length ? await this.upsert(client, RISK, goodRisk) : undefined;
    const outcomes = [a, b].filter((o) => o !== undefined);
    return {
      accepted: sum(outcomes, (o) => o.accepted),
      updated: sum(outcomes, (o) => o.updated),
      unchanged: sum(outcomes, (o) => o.unchanged),
      rejected,
      corrections: outcomes.flatMap((o) => o.corrections),
      changedUscc: [...new Set(outcomes.flatMap((o) => o.changedUscc))],
    };
  }

  private async upsert(
    client: PoolClient,
    { table, stage, columns, contentColumns }: RecordTable,
    good: PreparedRecord[],
  ): Promise<Omit<BatchOutcome, 'rejected'>> {
    await ensureStaging(client);
    await client.query(`TRUNCATE ${stage}`);
    await copyInto(
      client,
      stage,
      ['row_no', ...columns.split(', ')],
      good.flatMap((r) => [`${r.row}\t`, r.line]),
    );
    const { rows } = await client.query<{ inserted: string; updated: string; changed_uscc: string[] | null }>(
      `WITH up AS (
         INSERT INTO ${table} AS c (${columns})
         SELECT ${columns} FROM ${stage} ORDER BY uscc, source, source_record_id
         ON CONFLICT (source, source_record_id) DO UPDATE SET ${contentColumns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
           updated_at = now()
         WHERE (${contentColumns.map((col) => `c.${col}`).join(', ')}) IS DISTINCT FROM
               (${contentColumns.map((col) => `EXCLUDED.${col}`).join(', ')})
         RETURNING c.uscc, (c.xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated,
              array_agg(DISTINCT uscc) AS changed_uscc FROM up`,
    );
    const accepted = Number(rows[0].inserted);
    const updated = Number(rows[0].updated);
    const corrections =
      updated === 0
        ? []
        : (
            await client.query<{
              record_id: string;
              before: Record<string, unknown>;
              after: Record<string, unknown>;
            }>(
              `DELETE FROM record_revisions WHERE txid = txid_current() AND table_name = $1
               RETURNING record_id::text, before, after`,
              [table],
            )
          ).rows.map((r) => ({ table, id: r.record_id, before: r.before, after: r.after }));
    return {
      accepted,
      updated,
      unchanged: good.length - accepted - updated,
      corrections,
      // A correction may move a record to another enterprise: both need re-assessment.
      changedUscc: [
        ...new Set([
          ...(rows[0].changed_uscc ?? []).map((u) => u.trim()),
          ...corrections.map((c) => String(c.before.uscc).trim()),
        ]),
      ],
    };
  }
}

function copyRecords(
  client: PoolClient,
  { table, columns }: RecordTable,
  records: PreparedRecord[],
): Promise<void> {
  return copyInto(
    client,
    table,
    columns.split(', '),
    records.map((r) => r.line),
  );
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
