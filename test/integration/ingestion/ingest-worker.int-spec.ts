import { IngestService, IngestSummary, parseInput } from '@app/ingestion';
import type { RowProblem } from '@app/ingestion';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, oneOfEachRecord, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * Imports and the CLI parse and validate in a worker thread while the main thread writes. What a
 * user sees must not depend on which thread prepared the rows: the same row numbers, rejects,
 * duplicates, batch progress and resume.
 */
describe('ingestion with rows prepared in a worker thread', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ingest: IngestService;
  // Input arrives in small chunks, so lines are split across chunks as they are in real uploads.
  const chunked = (text: string) => {
    const bytes = Buffer.from(text);
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 97) parts.push(bytes.subarray(i, i + 97));
    return Readable.from(parts);
  };

  /** 3 good records per prefix, a broken line, a blank line, two bad rows, a duplicate, an unknown enterprise. */
  const input = (prefix: string) => {
    const [pen, abn, sdl] = oneOfEachRecord(usccOf(1), prefix);
    return [
      JSON.stringify(pen),
      '{"uscc": ',
      JSON.stringify(abn),
      '',
      JSON.stringify({ ...sdl, occurredOn: '2999-01-01' }),
      JSON.stringify({ ...pen, severity: 'serious' }),
      JSON.stringify({ ...abn, sourceRecordId: `${prefix}-x`, uscc: usccOf(999) }),
      JSON.stringify({ ...sdl, type: 'parking_ticket' }),
      JSON.stringify(sdl),
    ].join('\n');
  };

  const run = async (prefix: string, prepareInWorker: boolean, resumeAfterRow?: number) => {
    const progress: { lastRow: number; rejected: RowProblem[] }[] = [];
    const summary = await ingest.ingest('records', parseInput('ndjson', chunked(input(prefix))), {
      actor: 'test',
      batchSize: 3,
      prepareInWorker,
      resumeAfterRow,
      onBatchCommitted: async ({ lastRow, rejected }) => {
        progress.push({ lastRow, rejected });
      },
    });
    return { summary, progress };
  };
  const withoutPrefix = (s: IngestSummary, prefix: string) =>
    JSON.parse(JSON.stringify(s).replaceAll(`${prefix}-`, 'P-'));

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    ingest = ingestService(ds, env.config);
    await ingest.ingest(
      'enterprises',
      parseInput('json', Readable.from([JSON.stringify([enterpriseRow(1)])])),
      {
        actor: 'test',
      },
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('reports the same rows, rejects, duplicates and batch progress as preparing on the main thread', async () => {
    const here = await run('H', false);
    const worker = await run('W', true);
    expect(worker.progress).toEqual(here.progress);
    expect(withoutPrefix(worker.summary, 'W')).toEqual(withoutPrefix(here.summary, 'H'));
    expect(worker.progress.map((p) => p.lastRow)).toEqual([7, 9]);
    expect(worker.summary).toMatchObject({ rows: 8, accepted: 3, rejected: 4, duplicates: 1 });
    expect(worker.summary.rejectedRows.map((p) => [p.row, p.path])).toEqual([
      [2, ''],
      [5, 'occurredOn'],
      [8, 'type'],
      [7, 'uscc'],
    ]);
    expect(worker.summary.duplicateRows).toEqual([{ row: 1, key: 'samr-penalty/W-pen', supersededBy: 6 }]);
    const stored = await ds.query(
      `SELECT source_record_id, severity FROM credit_records WHERE source_record_id LIKE 'W-%' ORDER BY 1`,
    );
    expect(stored).toEqual([
      { source_record_id: 'W-abn', severity: null },
      { source_record_id: 'W-pen', severity: 'serious' },
      { source_record_id: 'W-sdl', severity: null },
    ]);
  });

  it('resumes after the last committed row: earlier rows are neither counted nor reported', async () => {
    const resumed = await run('R', true, 6);
    expect(resumed.summary).toMatchObject({ rows: 3, accepted: 1, rejected: 2, duplicates: 0 });
    expect(resumed.summary.rejectedRows.map((p) => p.row)).toEqual([8, 7]);
    expect(resumed.progress.map((p) => p.lastRow)).toEqual([9]);
  });

  it('fails the ingest with the error the parser raised in the worker', async () => {
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM credit_records`))[0].n;
    const before = await count();
    const badHeader = (prepareInWorker: boolean) =>
      ingest.ingest('records', parseInput('csv', Readable.from(['uscc,uscc\n1,2\n'])), {
        actor: 'test',
        prepareInWorker,
      });
    await expect(badHeader(false)).rejects.toThrow('duplicate column "uscc"');
    await expect(badHeader(true)).rejects.toThrow('duplicate column "uscc"');
    expect(await count()).toBe(before);
  });
});
