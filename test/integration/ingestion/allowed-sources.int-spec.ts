import { DomainError, ErrorCode } from '@app/domain';
import { ImportService, IngestService, parseInput } from '@app/ingestion';
import { OutboxWriter } from '@app/queue';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, toNdjson, usccOf } from '../../support/fixtures';
import { ingestDeps } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * Issue #11 point 4, ingestion side: a caller restricted to some sources (an API key) writes only
 * records of those sources. One record of another source fails the whole input with 403 naming
 * row and source, and nothing is stored — in the request and in an import job, however many
 * batches came before it.
 */
describe('allowedSources: an API key writes only its own sources', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ingest: IngestService;
  let imports: ImportService;
  const from = (text: string) => Readable.from([Buffer.from(text)]);
  const stored = async () =>
    (
      await ds.query(
        `SELECT (SELECT count(*) FROM credit_records)::int + (SELECT count(*) FROM risk_records)::int AS records,
                (SELECT count(*) FROM audit_log)::int AS audit,
                (SELECT count(*) FROM reassessment_marks)::int AS marks`,
      )
    )[0] as { records: number; audit: number; marks: number };

  /** `n` penalty records; row `badRow` (1-based) from `badSource`. */
  const records = (n: number, prefix: string, badRow?: number, badSource = 'other-system') =>
    Array.from({ length: n }, (_, i) => ({
      uscc: usccOf(1 + (i % 3)),
      type: 'administrative_penalty',
      source: i + 1 === badRow ? badSource : 'samr-penalty',
      sourceRecordId: `${prefix}-${i}`,
      severity: 'general',
      occurredOn: '2025-03-01',
      payload: { measure: 'fine', amount: '100' },
    }));

  beforeAll(async () => {
    // Small batches: without the restriction's single transaction, rows before the bad one would be committed.
    env = await TestEnv.create({ INGEST_BATCH_SIZE: '5' });
    ds = await env.dataSource();
    const cls = new ClsService(new AsyncLocalStorage());
    ingest = new IngestService(...ingestDeps(ds, env.config));
    imports = new ImportService(ds, new OutboxWriter(cls), ingest, env.config, cls);
    imports.chunkBytes = 1024;
    await ingest.ingest(
      'enterprises',
      parseInput('json', from(JSON.stringify([1, 2, 3].map((i) => enterpriseRow(i))))),
      {
        actor: 'test',
      },
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('a record of another source at row 12 of 20: 403 naming row and source, nothing stored', async () => {
    const before = await stored();
    const error = await ingest
      .ingest('records', parseInput('ndjson', from(toNdjson(records(20, 'A', 12)))), {
        actor: 'key:samr',
        batchSize: 5,
        allowedSources: ['samr-penalty'],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: ErrorCode.Forbidden,
      message: 'row 12: source "other-system" is not allowed for this API key',
      details: [
        { path: 'records[11].source', message: 'source "other-system" is not allowed for this API key' },
      ],
    });
    expect(await stored()).toEqual(before);
  });

  it('all rows of allowed sources: stored as usual, rejected rows still reported (not atomic)', async () => {
    const rows = records(12, 'B');
    rows[3] = { ...rows[3], occurredOn: 'soon' };
    const summary = await ingest.ingest('records', parseInput('json', from(JSON.stringify(rows))), {
      actor: 'key:samr',
      batchSize: 5,
      allowedSources: ['samr-penalty', 'spot-check'],
    });
    expect(summary).toMatchObject({ accepted: 11, rejected: 1 });
    expect(summary.rejectedRows).toEqual([
      { row: 4, path: 'occurredOn', message: 'must be a calendar date YYYY-MM-DD, got "soon"' },
    ]);
  });

  it('enterprises have no source: a restricted caller may not post them', async () => {
    const error = await ingest
      .ingest('enterprises', parseInput('json', from(JSON.stringify([enterpriseRow(9)]))), {
        actor: 'key:samr',
        allowedSources: ['samr-penalty'],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.Forbidden,
      details: [{ path: 'enterprises', message: 'this API key may only post records of its own sources' }],
    });
    await expect(
      imports.receive('enterprises', 'ndjson', from(toNdjson([enterpriseRow(9)])), {
        actor: 'key:samr',
        allowedSources: ['samr-penalty'],
      }),
    ).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect((await ds.query(`SELECT count(*)::int AS n FROM imports`))[0].n).toBe(0);
  });

  it('an import job with a record of another source fails for good and stores nothing', async () => {
    const before = await stored();
    const received = await imports.receive('records', 'ndjson', from(toNdjson(records(60, 'C', 47))), {
      actor: 'key:samr',
      allowedSources: ['samr-penalty'],
    });
    const [{ allowed_sources }] = await ds.query(`SELECT allowed_sources FROM imports WHERE id = $1`, [
      received.id,
    ]);
    expect(allowed_sources).toEqual(['samr-penalty']);
    const done = await imports.process(received.id);
    expect(done).toMatchObject({
      status: 'failed',
      error: 'row 47: source "other-system" is not allowed for this API key',
      accepted: 0,
    });
    expect((await imports.rejects(received.id, { offset: 0, limit: 10 })).items).toEqual([
      {
        row: 47,
        path: 'records[46].source',
        message: 'source "other-system" is not allowed for this API key',
      },
    ]);
    expect(await stored()).toEqual(before);

    const ok = await imports.receive('records', 'ndjson', from(toNdjson(records(60, 'D'))), {
      actor: 'key:samr',
      allowedSources: ['samr-penalty'],
    });
    expect(await imports.process(ok.id)).toMatchObject({ status: 'done', accepted: 60 });
  });
});
