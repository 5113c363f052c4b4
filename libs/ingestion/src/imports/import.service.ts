import { AppConfig } from '@app/config';
import { DomainError, ErrorCode } from '@app/domain';
import { ImportEntity } from '@app/persistence';
import { JobName, OutboxWriter } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { IngestService, IngestTarget } from '../ingest.service';
import { InputFormat, parseInput } from '../input/parse-input';
import { CsvHeaderProbe } from '../parsing/csv.parser';
import { ImportView } from './import.view';

export interface StoredChunks {
  stream: AsyncGenerator<Buffer>;
  bytesRead: () => number;
}

/**
 * Large ingestion bodies: stored in PostgreSQL in 1 MB chunks together with the job that will
 * process them (one transaction), then processed by the worker batch by batch. Progress and counts
 * commit with each batch, so a killed worker resumes after the last committed row.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);
  /** Size of the stored pieces of a body (tests lower it to exercise many pieces). */
  chunkBytes = 1024 * 1024;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
    private readonly cls: ClsService,
  ) {}

  async receive(
    target: IngestTarget,
    format: InputFormat,
    body: AsyncIterable<Buffer | string>,
    options: {
      actor: string;
      atomic?: boolean;
      allowedSources?: readonly string[];
      allowedRegions?: readonly string[];
    },
  ): Promise<ImportView> {
    if (options.allowedSources && target === 'enterprises') {
      // Refused now, not by the worker later (the same rule as IngestService's).
      throw new DomainError(
        ErrorCode.Forbidden,
        'enterprises cannot be posted with a source-restricted API key (an enterprise row has no source)',
        [{ path: 'enterprises', message: 'this API key may only post records of its own sources' }],
      );
    }
    // A CSV header is read before the body is stored: a bad one is a 400 now, never a failed job.
    const header = format === 'csv' ? new CsvHeaderProbe() : undefined;
    return this.dataSource.transaction(async (manager) => {
      const [created] = await manager.query(
        `INSERT INTO imports (target, format, atomic, actor, correlation_id, allowed_sources, allowed_regions)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          target,
          format,
          options.atomic ?? false,
          options.actor,
          this.cls.isActive() ? this.cls.getId() : null,
          options.allowedSources ? [...options.allowedSources] : null,
          options.allowedRegions ? [...options.allowedRegions] : null,
        ],
      );
      const id: string = created.id;
      let seq = 0;
      let total = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const store = async () => {
        if (pendingBytes === 0) return;
        await manager.query(`INSERT INTO import_chunks (import_id, seq, data) VALUES ($1, $2, $3)`, [
          id,
          seq++,
          Buffer.concat(pending),
        ]);
        pending = [];
        pendingBytes = 0;
      };
      for await (const part of body) {
        const buffer = typeof part === 'string' ? Buffer.from(part) : part;
        total += buffer.length;
        if (total > this.config.ingestMaxBytes) {
          throw new DomainError(
            ErrorCode.ValidationFailed,
            `body larger than ${this.config.ingestMaxBytes} bytes`,
            [{ path: 'body', message: 'too large: split it into several imports' }],
          );
        }
        await header?.push(buffer);
        pending.push(buffer);
        pendingBytes += buffer.length;
        if (pendingBytes >= this.chunkBytes) await store();
      }
      await header?.end();
      await store();
      if (total === 0) {
        throw new DomainError(ErrorCode.ValidationFailed, 'empty body', [
          { path: 'body', message: 'is empty' },
        ]);
      }
      await manager.query(`UPDATE imports SET status = 'queued', received_bytes = $2 WHERE id = $1`, [
        id,
        total,
      ]);
      await this.outbox.enqueue(
        manager,
        { name: JobName.ImportProcess, data: { importId: id } },
        { jobId: `import-${id}` },
      );
      this.logger.log(`import ${id}: ${target} as ${format}, ${total} bytes stored, queued`);
      return ImportView.of(await manager.findOneByOrFail(ImportEntity, { id }));
    });
  }

  /**
   * Runs (or resumes) an import. Safe to call again after a crash at any point; a second worker
   * handed the same import (a stalled-job redelivery) finds it locked and backs off.
   */
  async process(importId: string): Promise<ImportView> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
        `import:${importId}`,
      ]);
      if (!locked) throw new Error(`import ${importId} is being processed by another worker`);
      try {
        return await this.run(importId);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`import:${importId}`]);
      }
    } finally {
      await lock.release();
    }
  }

  private async run(importId: string): Promise<ImportView> {
    const repo = this.dataSource.getRepository(ImportEntity);
    const started = await repo.findOneBy({ id: importId });
    if (!started) throw new DomainError(ErrorCode.NotFound, `no import ${importId}`);
    if (started.status === 'done' || started.status === 'failed') return ImportView.of(started);
    // An atomic, source- or region-restricted import runs in one transaction, so it committed
    // nothing before a crash: it starts over.
    const single = started.atomic || started.allowedSources !== null || started.allowedRegions !== null;
    const resumeAfterRow = single ? 0 : started.rowsDone;
    await repo.update(
      { id: importId },
      { status: 'running', attempts: started.attempts + 1, startedAt: started.startedAt ?? new Date() },
    );
    const base = single
      ? { accepted: 0, updated: 0, unchanged: 0, rejected: 0, duplicates: 0 }
      : {
          accepted: started.accepted,
          updated: started.updated,
          unchanged: started.unchanged,
          rejected: started.rejected,
          duplicates: started.duplicates,
        };
    const chunks = this.readChunks(importId);
    try {
      const summary = await this.ingest.ingest(started.target, parseInput(started.format, chunks.stream), {
        actor: started.actor,
        atomic: started.atomic,
        batchSize: this.config.ingestBatchSize,
        resumeAfterRow,
        context: { importId },
        allowedSources: started.allowedSources ?? undefined,
        allowedRegions: started.allowedRegions ?? undefined,
        prepareInWorker: true,
        onBatchCommitted: async ({ lastRow, counts, manager, rejected }) => {
          await manager.query(
            `UPDATE imports SET rows_done = $2, bytes_done = $3, accepted = $4, updated = $5, unchanged = $6,
                    rejected = $7, duplicates = $8 WHERE id = $1`,
            [
              importId,
              lastRow,
              chunks.bytesRead(),
              base.accepted + counts.accepted,
              base.updated + counts.updated,
              base.unchanged + counts.unchanged,
              base.rejected + counts.rejected,
              base.duplicates + counts.duplicates,
            ],
          );
          if (rejected.length > 0) {
            await manager.query(
              `INSERT INTO import_rejects (import_id, row_no, path, message)
               SELECT $1, r.row, r.path, r.message FROM jsonb_to_recordset($2::jsonb) AS r(row int, path text, message text)`,
              [importId, JSON.stringify(rejected)],
            );
          }
        },
      });
      await this.dataSource.transaction(async (m) => {
        await m.query(
          `UPDATE imports SET status = 'done', finished_at = now(), bytes_done = received_bytes,
                  rows_done = GREATEST(rows_done, $2) WHERE id = $1`,
          [importId, resumeAfterRow + summary.rows],
        );
        await m.query(`DELETE FROM import_chunks WHERE import_id = $1`, [importId]);
      });
    } catch (error) {
      if (error instanceof DomainError) {
        // The input itself is wrong (an atomic import with bad rows, a malformed header): final.
        await this.fail(importId, error.message, error.details);
        return ImportView.of(await repo.findOneByOrFail({ id: importId }));
      }
      await repo.update({ id: importId }, { status: 'queued', error: (error as Error).message });
      throw error;
    }
    const done = await repo.findOneByOrFail({ id: importId });
    this.logger.log(
      `import ${importId} done: ${done.accepted} new, ${done.updated} updated, ${done.rejected} rejected`,
    );
    return ImportView.of(done);
  }

  async fail(
    importId: string,
    message: string,
    details: { path: string; message: string }[] = [],
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE imports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [
        importId,
        message,
      ]);
      if (details.length > 0) {
        await m.query(
          `INSERT INTO import_rejects (import_id, row_no, path, message)
           SELECT $1, coalesce((regexp_match(d.path, '^[a-z]*\\[(\\d+)\\]'))[1]::int + 1, 0), d.path, d.message
             FROM jsonb_to_recordset($2::jsonb) AS d(path text, message text)`,
          [importId, JSON.stringify(details.slice(0, 10_000))],
        );
      }
    });
  }

  /**
   * An import, for whoever may see it: `viewer` (absent: anyone) sees all imports when `all`, else
   * only those it posted; any other is answered as not found.
   */
  async get(id: string, viewer?: { subject: string; all: boolean }): Promise<ImportView> {
    const found = await this.dataSource.getRepository(ImportEntity).findOneBy({ id });
    if (!found || (viewer && !viewer.all && found.actor !== viewer.subject))
      throw new DomainError(ErrorCode.NotFound, `no import ${id}`);
    return ImportView.of(found);
  }

  async rejects(
    id: string,
    page: { offset: number; limit: number },
    viewer?: { subject: string; all: boolean },
  ): Promise<{ items: { row: number; path: string; message: string }[]; total: number }> {
    await this.get(id, viewer);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM import_rejects WHERE import_id = $1`,
      [id],
    );
    const items = await this.dataSource.query(
      `SELECT row_no AS row, path, message FROM import_rejects WHERE import_id = $1 ORDER BY row_no, path OFFSET $2 LIMIT $3`,
      [id, page.offset, page.limit],
    );
    return { items, total };
  }

  private readChunks(importId: string): StoredChunks {
    let bytes = 0;
    const dataSource = this.dataSource;
    async function* stream(): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq++) {
        const [chunk] = await dataSource.query(
          `SELECT data FROM import_chunks WHERE import_id = $1 AND seq = $2`,
          [importId, seq],
        );
        if (!chunk) return;
        bytes += (chunk.data as Buffer).length;
        yield chunk.data as Buffer;
      }
    }
    return { stream: stream(), bytesRead: () => bytes };
  }
}
