import type { PoolClient } from 'pg';
import type { CreditRecordRow, RiskRecordRow, RowProblem } from '../rows/row.types';
import { copyInto } from './copy-into';
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

/** A record ready to write: its row number, enterprise and COPY line. */
export interface PreparedRecord {
  row: number;
  uscc: string;
  line: string;
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

/**
 * Writes one batch of records in the caller's transaction. Rows whose enterprise is not in `known`
 * are rejected first. Then the fast path: COPY straight into
 * the table under a savepoint — a batch of new records (the usual case) is done. If any key already
 * exists the COPY fails with a unique violation, the savepoint is rolled back, and the batch takes
 * the upsert path: COPY into staging, one `INSERT … ON CONFLICT (source, source_record_id) DO UPDATE
 * … WHERE` the content differs (jsonb compares payloads whatever their key order), which inserts new records, replaces changed ones and leaves
 * identical ones alone. Replaced versions come back from `record_revisions`, filled by a trigger.
 */
export class RecordWriter {
  writeCredit(client: PoolClient, records: PreparedRecord[], known: KnownEnterprises): Promise<BatchOutcome> {
    return this.write(client, 'stage_credit', 'credit_records', CREDIT_COLUMNS, records, known, [
      'uscc',
      'type',
      'severity',
      'occurred_on',
      'publicity_until',
      'repaired_at',
      'payload',
    ]);
  }

  writeRisk(client: PoolClient, records: PreparedRecord[], known: KnownEnterprises): Promise<BatchOutcome> {
    return this.write(client, 'stage_risk', 'risk_records', RISK_COLUMNS, records, known, [
      'uscc',
      'type',
      'severity',
      'occurred_at',
      'payload',
    ]);
  }

  private async write(
    client: PoolClient,
    stage: string,
    table: 'credit_records' | 'risk_records',
    columns: string,
    records: PreparedRecord[],
    known: KnownEnterprises,
    /** The columns a correction may change (everything but the key). */
    contentColumns: string[],
  ): Promise<BatchOutcome> {
    const rejected: RowProblem[] = [];
    const good: PreparedRecord[] = [];
    for (const r of records) {
      if (known.has(r.uscc)) good.push(r);
      else
        rejected.push({
          row: r.row,
          path: 'uscc',
          message: `unknown enterprise ${r.uscc}: register it first`,
        });
    }
    const changedUscc = [...new Set(good.map((r) => r.uscc))];
    if (good.length === 0)
      return { accepted: 0, updated: 0, unchanged: 0, rejected, corrections: [], changedUscc: [] };

    await client.query('SAVEPOINT direct_copy');
    try {
      await copyInto(
        client,
        table,
        columns.split(', '),
        good.map((r) => r.line),
      );
      await client.query('RELEASE SAVEPOINT direct_copy');
      return { accepted: good.length, updated: 0, unchanged: 0, rejected, corrections: [], changedUscc };
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await client.query('ROLLBACK TO SAVEPOINT direct_copy');
    }

    await ensureStaging(client);
    await client.query(`TRUNCATE ${stage}`);
    await copyInto(
      client,
      stage,
      ['row_no', ...columns.split(', ')],
      good.map((r) => `${r.row}\t${r.line}`),
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
      rejected,
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
