import { DomainError, ErrorCode } from '@app/domain';
import { IngestService, parseInput } from '@app/ingestion';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * The path of `tierwatch ingest FILE` and of import jobs (rows prepared in a worker thread, read
 * in chunks): NUL, lone surrogates, invalid UTF-8, numbers a double cannot hold and bad CSV headers
 * are refused exactly as in the request, and nothing of a refused row is stored.
 */
describe('strict ingestion of files (worker-thread preparation)', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ingest: IngestService;
  /** `bytes` in 7-byte pieces: rows, characters and escapes straddle the chunks. */
  const chunks = (bytes: Buffer) =>
    Readable.from(
      Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)),
    );
  const enterprises = () =>
    ds.query<{ uscc: string; name: string; capital: string | null }[]>(
      `SELECT uscc, name, registered_capital::text AS capital FROM enterprises ORDER BY uscc`,
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    ingest = ingestService(ds, env.config);
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('NDJSON: each bad row named by row and field, the good rows stored exactly', async () => {
    const lines = [
      JSON.stringify(enterpriseRow(1, { name: 'a\u0000b' })),
      JSON.stringify(enterpriseRow(2, { name: 'x\udc00' })),
      `${JSON.stringify(enterpriseRow(3)).slice(0, -1)},"registeredCapital":123456789012345678.91}`,
      `${JSON.stringify(enterpriseRow(4)).slice(0, -1)},"platformMonthlyUsers":12345678901234567890}`,
      JSON.stringify(enterpriseRow(5, { name: true })),
    ];
    const body = Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.from([0xff, 0x0a])]);
    const summary = await ingest.ingest('enterprises', parseInput('ndjson', chunks(body)), {
      actor: 'cli:ingest',
      prepareInWorker: true,
    });
    expect(summary.rejectedRows).toEqual([
      { row: 1, path: 'name', message: 'must not contain NUL (U+0000)' },
      { row: 2, path: 'name', message: 'must not contain a lone surrogate (U+DC00)' },
      { row: 4, path: 'platformMonthlyUsers', message: 'must match pattern "^\\d{1,15}$"' },
      { row: 5, path: 'name', message: 'must not be a boolean' },
      { row: 6, path: '', message: 'invalid UTF-8' },
    ]);
    expect(await enterprises()).toEqual([
      { uscc: usccOf(3), name: '测试企业3有限公司', capital: '123456789012345678.91' },
    ]);
  });

  it('CSV: a NUL cell is a row problem; a duplicate header refuses the file before any row', async () => {
    const csv = `uscc,name,regionCode,industryCode,establishedOn\n${usccOf(6)},a\u0000,330106,C1431,2015-06-01\n${usccOf(7)},乙,330106,C1431,2015-06-01\n`;
    const summary = await ingest.ingest('enterprises', parseInput('csv', chunks(Buffer.from(csv))), {
      actor: 'cli:ingest',
      prepareInWorker: true,
    });
    expect(summary).toMatchObject({ accepted: 1, rejected: 1 });
    expect(summary.rejectedRows).toEqual([
      { row: 1, path: 'name', message: 'must not contain NUL (U+0000)' },
    ]);

    const before = await enterprises();
    const error = await ingest
      .ingest('enterprises', parseInput('csv', chunks(Buffer.from(`uscc,name,uscc\n${usccOf(8)},丙,x\n`))), {
        actor: 'cli:ingest',
        prepareInWorker: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: 'invalid CSV header: duplicate column "uscc"',
      details: [{ path: 'header', message: 'duplicate column "uscc"' }],
    });
    expect(await enterprises()).toEqual(before);
  });

  it('a JSON file with invalid UTF-8 is refused whole, never read with U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from(`[${JSON.stringify(enterpriseRow(9)).slice(0, -2)}`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}]'),
    ]);
    const before = await enterprises();
    await expect(
      ingest.ingest('enterprises', parseInput('json', chunks(body)), {
        actor: 'cli:ingest',
        prepareInWorker: true,
      }),
    ).rejects.toMatchObject({
      message: 'invalid UTF-8 in the JSON body',
      details: [{ path: 'body', message: 'is not valid UTF-8' }],
    });
    expect(await enterprises()).toEqual(before);
  });
});
