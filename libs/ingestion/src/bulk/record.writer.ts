import { canonicalJson, sha256Hex } from '@app/domain';
import type { PoolClient } from 'pg';
import type { CreditRecordRow, RiskRecordRow, RowProblem } from '../rows/row.types';
import { copyInto } from './copy-into';
import { copyFields } from './copy-text';
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
  'uscc, type, severity, occurred_on, publicity_until, source, source_record_id, repaired_at, payload, content_hash';
const RISK_COLUMNS = 'uscc, type, severity, occurred_at, source, source_record_id, payload, content_hash';

/**
 * A COPY line is `row_no \t <content> \t content_hash`: the hash covers the content columns in a
 * fixed order with the payload in canonical JSON, so equal records hash equal whatever the key
 * order they were sent with.
 */
function withHash(row: number, content: string): string {
  return `${row}\t${content}\t${sha256Hex(content)}\n`;
}

/** One COPY line of the credit staging table, prepared while the previous batch is being written. */
export function creditLine(row: number, r: CreditRecordRow): string {
  return withHash(
    row,
    copyFields([
      r.uscc,
      r.type,
      r.severity,
      r.occurredOn,
      r.publicityUntil,
      r.source,
      r.sourceRecordId,
      r.repairedAt,
      canonicalJson(r.payload),
    ]),
  );
}

export function riskLine(row: number, r: RiskRecordRow): string {
  return withHash(
    row,
    copyFields([
      r.uscc,
      r.type,
      r.severity,
      r.occurredAt,
      r.source,
      r.sourceRecordId,
      canonicalJson(r.payload),
    ]),
  );
}

/**
 * Writes one batch of records in the caller's transaction: COPY into staging, reject rows whose
 * enterprise is unknown (one set-based check), then one upsert keyed by (source, source_record_id)
 * that inserts new records, replaces changed ones (content hash differs) and leaves identical ones
 * alone. Replaced versions come back from `record_revisions`, filled by a trigger.
 */
export class RecordWriter {
  writeCredit(client: PoolClient, lines: string[]): Promise<BatchOutcome> {
    return this.write(client, 'stage_credit', 'credit_records', CREDIT_COLUMNS, lines, [
      'uscc = EXCLUDED.uscc',
      'type = EXCLUDED.type',
      'severity = EXCLUDED.severity',
      'occurred_on = EXCLUDED.occurred_on',
      'publicity_until = EXCLUDED.publicity_until',
      'repaired_at = EXCLUDED.repaired_at',
      'payload = EXCLUDED.payload',
    ]);
  }

  writeRisk(client: PoolClient, lines: string[]): Promise<BatchOutcome> {
    return this.write(client, 'stage_risk', 'risk_records', RISK_COLUMNS, lines, [
      'uscc = EXCLUDED.uscc',
      'type = EXCLUDED.type',
      'severity = EXCLUDED.severity',
      'occurred_at = EXCLUDED.occurred_at',
      'payload = EXCLUDED.payload',
    ]);
  }

  private async write(
    client: PoolClient,
    stage: string,
    table: 'credit_records' | 'risk_records',
    columns: string,
    lines: string[],
    updates: string[],
  ): Promise<BatchOutcome> {
    await ensureStaging(client);
    await client.query(`TRUNCATE ${stage}`);
    await copyInto(client, stage, ['row_no', ...columns.split(', ')], lines);

    const unknown = await client.query<{ row_no: number; uscc: string }>(
      `DELETE FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.uscc = s.uscc) RETURNING row_no, uscc`,
    );
    const rejected: RowProblem[] = unknown.rows
      .sort((a, b) => a.row_no - b.row_no)
      .map((r) => ({
        row: r.row_no,
        path: 'uscc',
        message: `unknown enterprise ${r.uscc}: register it first`,
      }));

    const { rows } = await client.query<{ inserted: string; updated: string; changed_uscc: string[] | null }>(
      `WITH up AS (
         INSERT INTO ${table} AS c (${columns})
         SELECT ${columns} FROM ${stage} ORDER BY uscc, source, source_record_id
         ON CONFLICT (source, source_record_id) DO UPDATE SET ${updates.join(', ')},
           content_hash = EXCLUDED.content_hash, updated_at = now()
         WHERE c.content_hash <> EXCLUDED.content_hash
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
      unchanged: lines.length - rejected.length - accepted - updated,
      rejected,
      corrections,
      changedUscc: (rows[0].changed_uscc ?? []).map((u) => u.trim()),
    };
  }
}
