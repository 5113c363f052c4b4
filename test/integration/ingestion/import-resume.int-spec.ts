import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ImportService,
  IngestOptions,
  IngestService,
  IngestSummary,
  IngestTarget,
  ParsedRow,
} from '@app/ingestion';
import { OutboxWriter } from '@app/queue';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, toNdjson } from '../../support/fixtures';
import { ingestDeps } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/** Dies, like a killed worker, right before the commit of its Nth batch on its first run. */
class CrashingIngestService extends IngestService {
  crashAtBatch = 0;

  override ingest(
    target: IngestTarget,
    input: AsyncIterable<ParsedRow> | Iterable<ParsedRow>,
    options: IngestOptions,
  ): Promise<IngestSummary> {
    let batches = 0;
    const crashAt = this.crashAtBatch;
    this.crashAtBatch = 0;
    return super.ingest(target, input, {
      ...options,
      onBatchCommitted: async (progress) => {
        await options.onBatchCommitted?.(progress);
        if (++batches === crashAt) throw new Error('worker killed');
      },
    });
  }
}

describe('import jobs', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ingest: CrashingIngestService;
  let imports: ImportService;

  beforeAll(async () => {
    env = await TestEnv.create({ INGEST_BATCH_SIZE: '40' });
    ds = await env.dataSource();
    const cls = new ClsService(new AsyncLocalStorage());
    ingest = new CrashingIngestService(...ingestDeps(ds, env.config));
    imports = new ImportService(ds, new OutboxWriter(cls), ingest, env.config, cls);
    imports.chunkBytes = 4096;
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('stores the body with its job, and resumes after the last committed batch when killed mid-way', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => enterpriseRow(i));
    rows[99] = { ...rows[99], establishedOn: 'yesterday' };
    rows[450] = { ...rows[450], uscc: 'not-a-code' };
    // Arrives in 1 KB pieces, stored in 4 KB chunks: rows straddle chunk boundaries.
    const body = Readable.from(
      Buffer.from(toNdjson(rows))
        .toString()
        .match(/[\s\S]{1,1024}/g)!
        .map((s) => Buffer.from(s)),
    );
    const received = await imports.receive('enterprises', 'ndjson', body, { actor: 'test' });
    expect(received.status).toBe('queued');
    const [job] = await ds.query(`SELECT job_name, job_id, payload FROM outbox`);
    expect(job).toEqual({
      job_name: 'import.process',
      job_id: `import-${received.id}`,
      payload: { importId: received.id },
    });
    expect(
      Number(
        (await ds.query(`SELECT count(*) FROM import_chunks WHERE import_id = $1`, [received.id]))[0].count,
      ),
    ).toBeGreaterThan(20);

    ingest.crashAtBatch = 5;
    await expect(imports.process(received.id)).rejects.toThrow('worker killed');
    const halfway = await imports.get(received.id);
    expect(halfway).toMatchObject({ status: 'queued', attempts: 1, accepted: 160 });
    expect(halfway.rowsDone).toBeGreaterThan(160);
    expect(Number((await ds.query(`SELECT count(*) FROM enterprises`))[0].count)).toBe(160);

    const done = await imports.process(received.id);
    expect(done).toMatchObject({
      status: 'done',
      attempts: 2,
      accepted: 498,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      progressPercent: 100,
    });
    expect(Number((await ds.query(`SELECT count(*) FROM enterprises`))[0].count)).toBe(498);
    expect((await imports.rejects(received.id, { offset: 0, limit: 10 })).items).toEqual([
      { row: 100, path: 'establishedOn', message: 'must be a calendar date YYYY-MM-DD, got "yesterday"' },
      { row: 451, path: 'uscc', message: expect.stringMatching(/length must be 18/) },
    ]);
    // Processing a finished import again changes nothing.
    expect(await imports.process(received.id)).toMatchObject({ status: 'done', attempts: 2, accepted: 498 });
    expect(
      Number(
        (await ds.query(`SELECT count(*) FROM import_chunks WHERE import_id = $1`, [received.id]))[0].count,
      ),
    ).toBe(0);
  });

  it('fails an atomic import with bad rows, storing nothing and keeping the reasons', async () => {
    const rows = [enterpriseRow(1000), { ...enterpriseRow(1001), regionCode: 'x' }];
    const received = await imports.receive('enterprises', 'ndjson', Readable.from([toNdjson(rows)]), {
      actor: 'test',
      atomic: true,
    });
    const result = await imports.process(received.id);
    expect(result).toMatchObject({
      status: 'failed',
      accepted: 0,
      error: '1 row(s) invalid; atomic import stored nothing',
    });
    expect((await imports.rejects(received.id, { offset: 0, limit: 10 })).items).toEqual([
      { row: 2, path: '[1].regionCode', message: 'must be a 6-digit administrative division code, got "x"' },
    ]);
    expect(
      Number((await ds.query(`SELECT count(*) FROM enterprises WHERE name = $1`, [rows[0].name]))[0].count),
    ).toBe(0);
  });
});
