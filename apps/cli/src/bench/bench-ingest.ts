import { CREDIT_RECORD_TYPES, shanghaiDateOf } from '@app/domain';
import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import { OutboxWriter } from '@app/queue';
import {
  generateEnterprises,
  generateRecords,
  IngestService,
  IngestSummary,
  parseInput,
} from '@app/ingestion';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, WriteStream } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '@app/config';
import { copyFields, CopyValue } from '@app/persistence';
import { Progress } from '../progress';
import { backendCpuMicros, backendCpuSpent } from './backend-cpu';
import { ScratchDatabase } from './scratch-database';

export interface BenchIngestOptions {
  enterprises: number;
  seed: number;
  keep: boolean;
}

export interface BenchIngestResult {
  enterprises: { rows: number; seconds: number; perSecond: number };
  records: {
    rows: number;
    seconds: number;
    perSecond: number;
    accepted: number;
    rejected: number;
    /**
     * CPU time per record while ingesting them, in microseconds: this process (all its threads) and
     * the PostgreSQL backends of the scratch database (read from /proc; absent when the server is
     * not on this machine). Unlike the rates, these hardly move when other work shares the cores.
     */
    cpuMicrosPerRecord: { node: number; postgres?: number };
    /**
     * How busy the machine was while the records were ingested: the one-minute load average at
     * the start and the end, and how many cores this process and its backends kept busy on average.
     * Other work on the machine lowers the rates; it hardly changes the CPU per record.
     */
    machine: { loadBefore: number; loadAfter: number; coresUsed?: number; cores: number };
  };
  /** Bare COPY into an unindexed 15-column table (all records in one table). */
  bareCopy: { rows: number; seconds: number; perSecond: number };
  /**
   * Bare COPY into tables shaped like the real ones (`LIKE … INCLUDING ALL`: the same columns,
   * defaults, checks, primary key, unique key and indexes), credit and risk records each into theirs.
   */
  sameShapeCopy: { rows: number; seconds: number; perSecond: number };
  /** records/s over same-shape bare COPY rows/s: the reference the target is judged against. */
  ratio: number;
  /** records/s over unindexed bare COPY rows/s. */
  ratioUnindexed: number;
  peakRssMb: number;
  bytes: { enterprises: number; records: number };
}

/**
 * Generates a synthetic population as NDJSON files, ingests them through the real path (parser,
 * validator, COPY + upsert, audit, change feed) into a scratch database, and in the same run times
 * a bare COPY of the same records into an unindexed scratch table, for the ratio.
 */
export async function benchIngest(base: AppConfig, options: BenchIngestOptions): Promise<BenchIngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tierwatch-bench-'));
  const scratch = await ScratchDatabase.create(base, 'tw_bench');
  try {
    const asOf = shanghaiDateOf(new Date(Date.now() - 86_400_000));
    const population = { enterprises: options.enterprises, seed: options.seed, asOf };
    const enterprisesFile = join(dir, 'enterprises.ndjson');
    const recordsFile = join(dir, 'records.ndjson');
    const copyFile = join(dir, 'records.copy');
    const creditFile = join(dir, 'credit.copy');
    const riskFile = join(dir, 'risk.copy');

    console.log(`generating ${options.enterprises} enterprises and their records into ${dir} (not timed)`);
    await writeLines(enterprisesFile, generateEnterprises(population), (v) => JSON.stringify(v));
    const recordRows = await writeLines(recordsFile, generateRecords(population), (v) => JSON.stringify(v));
    await writeLines(copyFile, generateRecords(population), copyLineOf);
    await writeLines(creditFile, ofTable(generateRecords(population), true), creditCopyLineOf);
    await writeLines(riskFile, ofTable(generateRecords(population), false), riskCopyLineOf);
    console.log(
      `  ${options.enterprises} enterprises, ${recordRows} records (${mb(statSync(recordsFile).size)} MB NDJSON)`,
    );

    const cls = new ClsService(new AsyncLocalStorage());
    const ingest = new IngestService(
      scratch.dataSource,
      new AuditService(scratch.dataSource, cls),
      new ChangeFeed(new OutboxWriter(cls), scratch.config),
    );
    const e = await timedIngest(ingest, 'enterprises', enterprisesFile, base.ingestBatchSize);
    const loadBefore = loadavg()[0];
    const nodeCpuBefore = process.cpuUsage();
    const pgCpuBefore = await backendCpuMicros(scratch.dataSource);
    const r = await timedIngest(ingest, 'records', recordsFile, base.ingestBatchSize);
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const pgCpu = backendCpuSpent(pgCpuBefore, await backendCpuMicros(scratch.dataSource));

    const bare = await timedBareCopy(scratch, copyFile, recordRows);
    const sameShape = await timedSameShapeCopy(scratch, creditFile, riskFile, recordRows);
    const result: BenchIngestResult = {
      enterprises: {
        rows: e.summary.rows,
        seconds: e.seconds,
        perSecond: Math.round(e.summary.rows / e.seconds),
      },
      records: {
        rows: r.summary.rows,
        seconds: r.seconds,
        perSecond: Math.round(r.summary.rows / r.seconds),
        accepted: r.summary.accepted,
        rejected: r.summary.rejected,
        cpuMicrosPerRecord: {
          node: round1((nodeCpu.user + nodeCpu.system) / r.summary.rows),
          postgres: pgCpu === undefined ? undefined : round1(pgCpu / r.summary.rows),
        },
        machine: {
          loadBefore: round1(loadBefore),
          loadAfter: round1(loadavg()[0]),
          coresUsed:
            pgCpu === undefined
              ? undefined
              : Math.round(((nodeCpu.user + nodeCpu.system + pgCpu) / 1e6 / r.seconds) * 100) / 100,
          cores: availableParallelism(),
        },
      },
      bareCopy: { rows: recordRows, seconds: bare, perSecond: Math.round(recordRows / bare) },
      sameShapeCopy: { rows: recordRows, seconds: sameShape, perSecond: Math.round(recordRows / sameShape) },
      ratio: 0,
      ratioUnindexed: 0,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      bytes: { enterprises: statSync(enterprisesFile).size, records: statSync(recordsFile).size },
    };
    result.ratio = Math.round((result.records.perSecond / result.sameShapeCopy.perSecond) * 100) / 100;
    result.ratioUnindexed = Math.round((result.records.perSecond / result.bareCopy.perSecond) * 100) / 100;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!options.keep) await scratch.drop();
    else console.log(`kept database ${scratch.name}`);
  }
}

async function timedIngest(
  ingest: IngestService,
  target: 'enterprises' | 'records',
  file: string,
  batchSize: number,
): Promise<{ summary: IngestSummary; seconds: number }> {
  const size = statSync(file).size;
  let bytes = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const progress = new Progress(`ingest ${target}`, size, 'bytes');
  const summary = await ingest.ingest(target, parseInput('ndjson', counted()), {
    actor: 'bench',
    prepareInWorker: true,
    batchSize,
    keepProblems: 10,
    onBatchCommitted: async ({ lastRow }) => progress.update(bytes, lastRow),
  });
  progress.stop();
  const seconds = progress.seconds();
  console.log(
    `  ${target}: ${summary.rows} rows in ${seconds.toFixed(1)} s = ${Math.round(summary.rows / seconds)} rows/s`,
  );
  for (const p of summary.rejectedRows) console.log(`  rejected row ${p.row} ${p.path}: ${p.message}`);
  return { summary, seconds };
}

/** The reference: the same records, already in COPY text, into an unindexed table. */
async function timedBareCopy(scratch: ScratchDatabase, file: string, rows: number): Promise<number> {
  const runner = scratch.dataSource.createQueryRunner();
  await runner.connect();
  const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
  try {
    await client.query(`CREATE TABLE bench_bare_copy (
      uscc char(18), type varchar(40), severity varchar(16), occurred_on date, occurred_at timestamptz,
      publicity_until date, source varchar(64), source_record_id varchar(128), repaired_at timestamptz,
      payload jsonb, content_hash char(64), received_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
      row_no int, id bigint)`);
    const started = Date.now();
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      client.query(
        copyFrom(
          `COPY bench_bare_copy (uscc, type, severity, occurred_on, occurred_at, publicity_until, source, source_record_id, repaired_at, payload, content_hash, row_no, id) FROM STDIN`,
        ),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `  bare COPY: ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s`,
    );
    await client.query(`DROP TABLE bench_bare_copy`);
    return seconds;
  } finally {
    await runner.release();
  }
}

/**
 * The other reference: the same records, already in COPY text, into tables created `LIKE` the real
 * ones with everything (primary key, unique key, the uscc index, checks, defaults), so the
 * comparison isolates what the ingestion path adds over storing the same rows in the same shape.
 */
async function timedSameShapeCopy(
  scratch: ScratchDatabase,
  creditFile: string,
  riskFile: string,
  rows: number,
): Promise<number> {
  const runner = scratch.dataSource.createQueryRunner();
  await runner.connect();
  const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
  try {
    await client.query(`CREATE TABLE bench_same_credit (LIKE credit_records INCLUDING ALL)`);
    await client.query(`CREATE TABLE bench_same_risk (LIKE risk_records INCLUDING ALL)`);
    const started = Date.now();
    await pipeline(
      createReadStream(creditFile, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`COPY bench_same_credit (${CREDIT_COPY_COLUMNS.join(', ')}) FROM STDIN`)),
    );
    await pipeline(
      createReadStream(riskFile, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`COPY bench_same_risk (${RISK_COPY_COLUMNS.join(', ')}) FROM STDIN`)),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `  same-shape COPY: ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s`,
    );
    await client.query(`DROP TABLE bench_same_credit, bench_same_risk`);
    return seconds;
  } finally {
    await runner.release();
  }
}

const CREDIT_TYPES: ReadonlySet<unknown> = new Set(CREDIT_RECORD_TYPES);
const CREDIT_COPY_COLUMNS = [
  'uscc',
  'type',
  'severity',
  'occurred_on',
  'publicity_until',
  'source',
  'source_record_id',
  'repaired_at',
  'payload',
];
const RISK_COPY_COLUMNS = [
  'uscc',
  'type',
  'severity',
  'occurred_at',
  'source',
  'source_record_id',
  'payload',
];

function* ofTable(records: Iterable<Record<string, unknown>>, credit: boolean) {
  for (const r of records) if (CREDIT_TYPES.has(r.type) === credit) yield r;
}

function creditCopyLineOf(v: Record<string, unknown>): string {
  return copyFields([
    v.uscc,
    v.type,
    v.severity,
    v.occurredOn,
    v.publicityUntil,
    v.source,
    v.sourceRecordId,
    v.repairedAt,
    JSON.stringify(v.payload ?? {}),
  ] as CopyValue[]);
}

function riskCopyLineOf(v: Record<string, unknown>): string {
  return copyFields([
    v.uscc,
    v.type,
    v.severity,
    v.occurredAt,
    v.source,
    v.sourceRecordId,
    JSON.stringify(v.payload ?? {}),
  ] as CopyValue[]);
}

function copyLineOf(v: Record<string, unknown>): string {
  return copyFields([
    v.uscc,
    v.type,
    v.severity,
    v.occurredOn,
    v.occurredAt,
    v.publicityUntil,
    v.source,
    v.sourceRecordId,
    v.repairedAt,
    JSON.stringify(v.payload ?? {}),
    '0'.repeat(64),
    '0',
    '0',
  ] as CopyValue[]);
}

async function writeLines<T>(file: string, rows: Iterable<T>, line: (v: T) => string): Promise<number> {
  const out: WriteStream = createWriteStream(file, { highWaterMark: 1 << 20 });
  let n = 0;
  let buffer = '';
  for (const row of rows) {
    buffer += line(row) + '\n';
    n++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return n;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const round1 = (x: number) => Math.round(x * 10) / 10;
