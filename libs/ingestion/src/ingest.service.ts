import { ChangeFeed } from '@app/assessment';
import { AuditInput, AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import { checkRegions, checkSource } from './ingest-restrictions';
import { Metrics } from '@app/metrics';
import { Injectable, Logger, Optional } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { EnterpriseWriter } from './bulk/enterprise.writer';
import { BatchOutcome, KnownEnterprises, knownEnterprises, RecordWriter } from './bulk/record.writer';
import { RowInput } from './input/parse-input';
import type { ParsedRow } from './parsing/parsed-row';
import { prepareInWorker } from './prepare/prepare-host';
import { BlockBuilder, IngestTarget, Prepared, PreparedBlock, rowsOf } from './prepare/prepared-block';
import { RowValidator } from './rows/row.validator';
import type { RowProblem } from './rows/row.types';

export type { IngestTarget } from './prepare/prepared-block';

export interface Duplicate {
  row: number;
  key: string;
  supersededBy: number;
}

export interface IngestCounts {
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  duplicates: number;
}

export interface BatchCommitted {
  /** Highest input row number covered by the batches committed so far. */
  lastRow: number;
  counts: IngestCounts;
  /** The batch's transaction: write progress here so it commits with the batch. */
  manager: EntityManager;
  rejected: RowProblem[];
}

export interface IngestOptions {
  actor: string;
  /** All rows or none; any rejected row rolls everything back. */
  atomic?: boolean;
  batchSize?: number;
  /** Rows up to and including this number were committed by an earlier attempt: skip them. */
  resumeAfterRow?: number;
  /** Detect duplicate keys across the whole input, not only within a batch (small inputs). */
  dedupeWholeInput?: boolean;
  /** How many rejected rows and duplicates to keep in the returned summary. */
  keepProblems?: number;
  onBatchCommitted?: (progress: BatchCommitted) => Promise<void>;
  /** Extra audit data (e.g. the import id). */
  context?: Record<string, string>;
  /**
   * The sources this caller may write (an API key's). When set, the whole input runs in one
   * transaction and the first record of another source fails it: DomainError `Forbidden` (403)
   * naming the row and source, nothing stored. Enterprise rows have no source: a source-restricted
   * caller may not post them at all (403 before anything is read).
   */
  allowedSources?: readonly string[];
  /**
   * The regions this caller may write in (a regulator's division-code prefixes). When set, the
   * whole input runs in one transaction, and the first enterprise row whose region (new or stored)
   * lies outside them, or the first record of an enterprise registered outside them, fails it:
   * DomainError `Forbidden` (403) naming the row, nothing stored.
   */
  allowedRegions?: readonly string[];
  /**
   * Parse and validate a `parseInput()` input in a worker thread while this thread writes: for
   * large inputs (imports, the CLI); starting the worker costs some tens of milliseconds.
   */
  prepareInWorker?: boolean;
}

export interface IngestSummary extends IngestCounts {
  rows: number;
  batches: number;
  rejectedRows: RowProblem[];
  duplicateRows: Duplicate[];
}

/**
 * The one ingestion path, for the API, import jobs, the CLI and the seeds: validate each row,
 * resolve duplicate keys (last wins), write batches through COPY + upsert, audit corrections,
 * each batch in its own transaction (or all in one when atomic). While one batch is written, the
 * next is parsed and validated, so parsing and PostgreSQL work overlap.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private readonly enterprises = new EnterpriseWriter();
  private readonly records = new RecordWriter();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeed,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async ingest(
    target: IngestTarget,
    input: AsyncIterable<ParsedRow> | Iterable<ParsedRow>,
    options: IngestOptions,
  ): Promise<IngestSummary> {
    const allowed = options.allowedSources ? new Set(options.allowedSources) : undefined;
    if (allowed && target === 'enterprises') {
      throw new DomainError(
        ErrorCode.Forbidden,
        'enterprises cannot be posted with a source-restricted API key (an enterprise row has no source)',
        [{ path: 'enterprises', message: 'this API key may only post records of its own sources' }],
      );
    }
    // All or nothing: atomic imports, and source-restricted ones (a forbidden row found late must
    // not leave earlier batches stored).
    const single = options.atomic === true || allowed !== undefined || options.allowedRegions !== undefined;
    const batchSize = options.batchSize ?? 5000;
    const keep = options.keepProblems ?? 1000;
    const resumeAfter = options.resumeAfterRow ?? 0;
    const summary: IngestSummary = {
      accepted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      duplicates: 0,
      rows: 0,
      batches: 0,
      rejectedRows: [],
      duplicateRows: [],
    };
    const seenWhole = options.dedupeWholeInput ? new Map<string, number>() : undefined;
    let pending = new Map<string, Prepared>();
    let pendingRejected: RowProblem[] = [];
    // Counted into the summary only when their batch is written, so the counts saved with a batch's
    // progress never include rows of the next batch (a resumed import would count them twice).
    let pendingCounts = { rejected: 0, duplicates: 0 };
    let lastRow = resumeAfter;
    let inflight: Promise<void> = Promise.resolve();
    let failure: Error | undefined;

    const keepRejected = (problems: RowProblem[]) => {
      for (const p of problems) if (summary.rejectedRows.length < keep) summary.rejectedRows.push(p);
    };
    const reject = (problems: RowProblem[]) => {
      pendingCounts.rejected += new Set(problems.map((p) => p.row)).size;
      keepRejected(problems);
      pendingRejected.push(...problems);
    };
    const add = (key: string, item: Prepared) => {
      const previous = pending.get(key)?.row ?? seenWhole?.get(key);
      if (previous !== undefined) {
        pendingCounts.duplicates++;
        if (summary.duplicateRows.length < keep) {
          summary.duplicateRows.push({
            row: previous,
            key: key.replace('\u0000', '/'),
            supersededBy: item.row,
          });
        }
        pending.delete(key);
      }
      pending.set(key, item);
      seenWhole?.set(key, item.row);
    };

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;

    // Atomic: one transaction, so its audit entries are appended once, just before the commit, and
    // the audit chain's lock is held for a moment rather than for the whole import.
    const deferredAudit: AuditInput[] | undefined = single ? [] : undefined;
    const write = async (
      batch: Prepared[],
      rejected: RowProblem[],
      counts: { rejected: number; duplicates: number },
      upToRow: number,
      prefetched: Promise<KnownEnterprises | undefined>,
    ) => {
      if (!single) await runner.startTransaction();
      try {
        const outcome = await this.writeBatch(
          target,
          client,
          runner.manager,
          batch,
          options,
          deferredAudit,
          await prefetched,
        );
        keepRejected(outcome.rejected);
        summary.rejected += counts.rejected + new Set(outcome.rejected.map((p) => p.row)).size;
        summary.duplicates += counts.duplicates;
        summary.accepted += outcome.accepted;
        summary.updated += outcome.updated;
        summary.unchanged += outcome.unchanged;
        summary.batches++;
        if (options.onBatchCommitted) {
          await options.onBatchCommitted({
            lastRow: upToRow,
            counts: { ...summary },
            manager: runner.manager,
            rejected: [...rejected, ...outcome.rejected].sort((a, b) => a.row - b.row),
          });
        }
        if (!single) await runner.commitTransaction();
      } catch (error) {
        if (!single && runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    };
    // A function, not an inline check: `failure` is set by a callback while this awaits.
    const throwIfFailed = () => {
      if (failure) throw failure;
    };
    const flush = async () => {
      throwIfFailed();
      if (pending.size === 0 && pendingRejected.length === 0) return await inflight;
      // Concurrent ingests touching the same keys lock rows in the same order: no deadlock. Sorted
      // here, while the previous batch is still being written, not on the writer's critical path.
      // The keys alone, by the built-in order of strings (UTF-16 code units, as `<` compares): several
      // times faster than sorting the rows with a comparator written here.
      const taken = pending;
      const batch = [...taken.keys()].sort().map((key) => taken.get(key)!);
      const rejected = pendingRejected;
      const counts = pendingCounts;
      const upToRow = lastRow;
      pending = new Map();
      pendingRejected = [];
      pendingCounts = { rejected: 0, duplicates: 0 };
      // The batch's enterprises are looked up on another connection while the previous batch is
      // still being written, so the lookup is off the critical path.
      const prefetched = target === 'records' ? this.prefetchKnown(batch) : Promise.resolve(undefined);
      await inflight;
      throwIfFailed();
      inflight = write(batch, rejected, counts, upToRow, prefetched).catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
      });
    };

    const blocks =
      options.prepareInWorker && input instanceof RowInput
        ? prepareInWorker(input.source, {
            target,
            format: input.format,
            now: Date.now(),
            resumeAfterRow: resumeAfter,
            blockRows: 1000,
            maxBlocksAhead: 8,
          })
        : prepareHere(target, input, resumeAfter);

    try {
      if (single) await runner.startTransaction();
      for await (const block of blocks) {
        let sinceYield = 0;
        for (const item of rowsOf(block)) {
          summary.rows++;
          lastRow = item.row;
          if ('problems' in item) reject(item.problems);
          else {
            if (allowed) checkSource(allowed, item);
            add(item.key, item);
          }
          // Also flush a long run of bad rows, so their problems neither pile up nor wait for the end.
          if (pending.size >= batchSize || pendingRejected.length >= batchSize) await flush();
          // Blocks already waiting follow each other without a turn of the event loop: every few
          // hundred rows, let the batch in flight take its database replies (a batch makes about
          // ten round trips, each of which would otherwise wait for the whole queue of blocks).
          if (++sinceYield === 256) {
            sinceYield = 0;
            await yieldToEventLoop();
          }
        }
        await yieldToEventLoop();
      }
      await flush();
      await inflight;
      if (failure) throw failure;

      if (single) {
        if (options.atomic && summary.rejected > 0) {
          await runner.rollbackTransaction();
          this.metrics?.countImportRows(target, { rejected: summary.rejected });
          throw new DomainError(
            ErrorCode.ValidationFailed,
            `${summary.rejected} row(s) invalid; atomic import stored nothing`,
            summary.rejectedRows.map((p) => ({
              path: `[${p.row - 1}]${p.path ? `.${p.path}` : ''}`,
              message: p.message,
            })),
          );
        }
        await this.audit.append(runner.manager, deferredAudit ?? []);
        await runner.commitTransaction();
      }
    } catch (error) {
      await inflight;
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    this.metrics?.countImportRows(target, {
      accepted: summary.accepted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      duplicate: summary.duplicates,
    });
    this.logger.log(
      `${target} from ${options.actor}: ${summary.rows} rows, ${summary.accepted} new, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.rejected} rejected, ${summary.duplicates} duplicate`,
    );
    return summary;
  }

  /**
   * The batch's enterprises that exist, looked up outside its transaction (enterprises are never
   * deleted, so known stays known; the batch rechecks the others inside its transaction).
   * Undefined when the lookup failed: the batch then does it all itself.
   */
  private prefetchKnown(batch: Prepared[]): Promise<KnownEnterprises | undefined> {
    const codes = [...new Set(batch.map((p) => p.uscc))];
    return knownEnterprises((sql, params) => this.dataSource.query(sql, params), codes).catch(
      () => undefined,
    );
  }

  private async writeBatch(
    target: IngestTarget,
    client: PoolClient,
    manager: EntityManager,
    /** In key order. */
    batch: Prepared[],
    options: IngestOptions,
    deferredAudit: AuditInput[] | undefined,
    prefetched: KnownEnterprises | undefined,
  ): Promise<BatchOutcome> {
    const audit: AuditInput[] = [];
    if (options.allowedRegions) await checkRegions(manager, target, batch, options.allowedRegions);
    let outcome: BatchOutcome;
    if (target === 'enterprises') {
      const result = await this.enterprises.write(client, batch);
      outcome = { ...result, rejected: [], corrections: [] };
      for (const c of result.changes) {
        audit.push({
          actor: options.actor,
          action: 'enterprise.updated',
          entityType: 'enterprise',
          entityId: c.uscc,
          data: { fields: c.fields, before: c.before, after: c.after, ...options.context },
        });
      }
    } else {
      const known = await knownEnterprises(
        async (sql, params) => (await client.query<{ uscc: string }>(sql, params)).rows,
        [...new Set(batch.map((p) => p.uscc))],
        prefetched,
      );
      const credit = batch.filter((p) => p.table === 'credit');
      const risk = batch.filter((p) => p.table === 'risk');
      outcome = await this.records.write(client, credit, risk, known);
      for (const c of outcome.corrections) {
        const key = `${String(c.before.source)}/${String(c.before.source_record_id)}`;
        audit.push({
          actor: options.actor,
          action: 'record.corrected',
          entityType: c.table === 'credit_records' ? 'credit_record' : 'risk_record',
          entityId: key,
          data: { id: c.id, uscc: c.before.uscc, before: c.before, after: c.after, ...options.context },
        });
      }
    }
    // In code order, as every batch does: concurrent ingests marking the same enterprises lock
    // their marks in the same order.
    await this.changeFeed.mark(manager, [...outcome.changedUscc].sort());
    if (outcome.accepted > 0) {
      audit.push({
        actor: options.actor,
        action: `${target}.ingested`,
        entityType: target,
        entityId: options.context?.importId ?? 'request',
        data: {
          accepted: outcome.accepted,
          updated: outcome.updated,
          unchanged: outcome.unchanged,
          ...options.context,
        },
      });
    }
    if (deferredAudit) deferredAudit.push(...audit);
    else await this.audit.append(manager, audit);
    return outcome;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rows parsed, validated and prepared on this thread, in small blocks. */
async function* prepareHere(
  target: IngestTarget,
  input: AsyncIterable<ParsedRow> | Iterable<ParsedRow>,
  resumeAfter: number,
): AsyncGenerator<PreparedBlock> {
  const builder = new BlockBuilder(target, new RowValidator());
  for await (const parsed of input) {
    if (parsed.row <= resumeAfter) continue;
    builder.add(parsed);
    // Small blocks: the consumer yields to the event loop after each, so the database round trips
    // of the batch in flight progress while this one is prepared (a synchronous source would
    // otherwise starve the event loop until the next flush).
    if (builder.size >= 256) yield builder.take();
  }
  if (builder.size > 0) yield builder.take();
}
