import { Role } from '@app/auth';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { enterpriseRow, toNdjson, usccOf } from '../support/fixtures';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

interface ErrorBody {
  statusCode: number;
  message: string;
  details: { path: string; message: string }[];
}

/**
 * Issue #11 point 8 over HTTP: NUL, lone surrogates, invalid UTF-8, numbers beyond 2^53 or beyond
 * numeric(20,2), bad CSV headers, deep nesting — each refused with its exact message, nothing
 * written; good rows beside a bad one still stored unless the request is atomic.
 */
describe('ingestion refuses what it cannot store exactly', () => {
  let stack: Stack;
  let token: string;
  let ds: DataSource;

  beforeAll(async () => {
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({
        AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
        INGEST_INLINE_MAX_BYTES: '4096',
      }),
    });
    token = stack.token(Role.Ingest);
    ds = await stack.env.dataSource();
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** Rows of the tables a refused request must not touch, and import jobs. */
  const footprint = async () =>
    (
      await ds.query(
        `SELECT (SELECT count(*) FROM enterprises)::int AS enterprises,
                (SELECT count(*) FROM credit_records)::int AS credit,
                (SELECT count(*) FROM risk_records)::int AS risk,
                (SELECT count(*) FROM imports)::int AS imports,
                (SELECT count(*) FROM audit_log)::int AS audit`,
      )
    )[0] as Record<string, number>;

  /** POST raw bytes (fetch, since they may not be valid UTF-8). */
  const post = async (path: string, type: string, body: Buffer | string) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, connection: 'close' },
      body,
    });
    return { status: res.status, body: await res.json() };
  };

  /** Expects a 400 with `message` and `details`, and no row written anywhere. */
  const refused = async (
    send: () => Promise<{ status: number; body: unknown }>,
    message: string,
    details: { path: string; message: string }[],
  ) => {
    const before = await footprint();
    const res = await send();
    expect(res).toMatchObject({ status: 400, body: { statusCode: 400, message, details } });
    expect(await footprint()).toEqual(before);
  };

  const json = (rows: unknown) => JSON.stringify(rows);
  const atomicJson = (body: Buffer | string) => () =>
    post('enterprises?atomic=true', 'application/json', body);

  it('JSON body with invalid UTF-8: 400, never read with U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from(`[{"uscc":"${usccOf(1)}","name":"`),
      Buffer.from([0xe6, 0xb5]), // a 3-byte character cut short
      Buffer.from('","regionCode":"330106","industryCode":"C1431","establishedOn":"2015-06-01"}]'),
    ]);
    await refused(() => post('enterprises', 'application/json', body), 'invalid UTF-8 in the JSON body', [
      { path: 'body', message: 'is not valid UTF-8' },
    ]);
  });

  it('NUL and lone surrogates: a row problem naming row and field; atomic: 400, nothing stored', async () => {
    const rows = [
      enterpriseRow(2),
      enterpriseRow(3, { name: 'a\u0000b' }),
      enterpriseRow(4, { name: 'x\ud800' }),
    ];
    await refused(atomicJson(json(rows)), '2 row(s) invalid; atomic import stored nothing', [
      { path: '[1].name', message: 'must not contain NUL (U+0000)' },
      { path: '[2].name', message: 'must not contain a lone surrogate (U+D800)' },
    ]);
    // The same rows, not atomic: the good one is stored, the two others are reported.
    const partial = await post('enterprises', 'application/json', json(rows));
    expect(partial).toMatchObject({
      status: 200,
      body: {
        accepted: 1,
        rejected: [
          { row: 2, path: 'name', message: 'must not contain NUL (U+0000)' },
          { row: 3, path: 'name', message: 'must not contain a lone surrogate (U+D800)' },
        ],
      },
    });
    const stored = await ds.query(`SELECT uscc FROM enterprises WHERE uscc = ANY($1) ORDER BY uscc`, [
      [usccOf(2), usccOf(3), usccOf(4)],
    ]);
    expect(stored).toEqual([{ uscc: usccOf(2) }]);
  });

  it('NDJSON and CSV: NUL, lone surrogate and invalid UTF-8 name their row (atomic: 400)', async () => {
    const ndjson = Buffer.concat([
      Buffer.from(toNdjson([enterpriseRow(5, { name: 'n\u0000' })])),
      Buffer.from(`{"uscc":"${usccOf(6)}","name":"\\udc00"}\n`),
      Buffer.from(`{"uscc":"${usccOf(7)}","name":"`),
      Buffer.from([0xff]),
      Buffer.from('"}\n'),
    ]);
    await refused(
      () => post('enterprises?atomic=true', 'application/x-ndjson', ndjson),
      '3 row(s) invalid; atomic import stored nothing',
      [
        { path: '[0].name', message: 'must not contain NUL (U+0000)' },
        { path: '[1].name', message: 'must not contain a lone surrogate (U+DC00)' },
        { path: '[2]', message: 'invalid UTF-8' },
      ],
    );
    const csv = Buffer.concat([
      Buffer.from(
        `uscc,name,regionCode,industryCode,establishedOn\n${usccOf(8)},a\u0000b,330106,C1431,2015-06-01\n`,
      ),
      Buffer.from(`${usccOf(9)},`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(',330106,C1431,2015-06-01\n'),
    ]);
    await refused(
      () => post('enterprises?atomic=true', 'text/csv', csv),
      '2 row(s) invalid; atomic import stored nothing',
      [
        { path: '[0].name', message: 'must not contain NUL (U+0000)' },
        { path: '[1]', message: 'invalid UTF-8' },
      ],
    );
  });

  it('integers beyond 2^53 and decimals beyond numeric(20,2): rejected naming the field, or kept exactly', async () => {
    const base = JSON.stringify(enterpriseRow(10)).slice(0, -1);
    const decimal =
      'must be a non-negative decimal of at most 18 digits and 2 decimals (numeric(20,2)), e.g. "1200.50", got ';
    await refused(
      atomicJson(`[${base},"registeredCapital":123456789012345678901}]`),
      '1 row(s) invalid; atomic import stored nothing',
      [{ path: '[0].registeredCapital', message: `${decimal}"123456789012345678901"` }],
    );
    await refused(
      atomicJson(`[${base},"registeredCapital":1.005}]`),
      '1 row(s) invalid; atomic import stored nothing',
      [{ path: '[0].registeredCapital', message: `${decimal}"1.005"` }],
    );
    await refused(
      atomicJson(`[${base},"platformMonthlyUsers":12345678901234567890}]`),
      '1 row(s) invalid; atomic import stored nothing',
      [{ path: '[0].platformMonthlyUsers', message: 'must match pattern "^\\d{1,15}$"' }],
    );
    // 18 digits and 2 decimals fit numeric(20,2): kept exactly, where a double would have rounded them.
    const ok = await post(
      'enterprises',
      'application/json',
      `[${base},"registeredCapital":123456789012345678.91,"platformValuation":9007199254740993}]`,
    );
    expect(ok).toMatchObject({ status: 200, body: { accepted: 1, rejected: [] } });
    const [row] = await ds.query(
      `SELECT registered_capital::text AS capital, platform_valuation::text AS valuation FROM enterprises WHERE uscc = $1`,
      [usccOf(10)],
    );
    expect(row).toEqual({ capital: '123456789012345678.91', valuation: '9007199254740993.00' });
  });

  it('a number where text belongs is refused, whatever its value', async () => {
    const base = JSON.stringify(enterpriseRow(11)).slice(0, -1);
    await refused(
      atomicJson(`[${base},"name":1.5},${base},"name":12345678901234567890},${base},"name":15}]`),
      '3 row(s) invalid; atomic import stored nothing',
      [0, 1, 2].map((i) => ({ path: `[${i}].name`, message: 'must be text, not a number' })),
    );
  });

  it('a year that is not a whole number is refused, never rounded', async () => {
    const res = await post(
      'records?atomic=true',
      'application/json',
      `[{"uscc":"${usccOf(2)}","type":"annual_report","source":"aic","sourceRecordId":"AR-1","occurredOn":"2025-06-30","payload":{"year":2024.0000000000000001}}]`,
    );
    expect(res).toMatchObject({
      status: 400,
      body: {
        details: [
          { path: '[0].payload.year', message: 'must be a whole number, got "2024.0000000000000001"' },
        ],
      },
    });
  });

  it('CSV with a duplicate or empty header column: 400 at once, in the request and before an import job', async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => `${usccOf(100 + i)},name${i},330106,C1431,2015-06-01`).join('\n');
    for (const [header, reason] of [
      ['uscc,name,regionCode,industryCode,uscc', 'duplicate column "uscc"'],
      ['uscc,name,,industryCode,establishedOn', 'empty column name in column 3'],
    ]) {
      // Small: in the request. Large (over INGEST_INLINE_MAX_BYTES): refused before the import is stored.
      for (const n of [1, 400]) {
        await refused(
          () => post('enterprises', 'text/csv', `${header}\n${rows(n)}\n`),
          `invalid CSV header: ${reason}`,
          [{ path: 'header', message: reason }],
        );
      }
    }
  });

  it('JSON nested deeper than 32 levels: 400 naming where, before anything is read', async () => {
    const deep = `${'['.repeat(40)}1${']'.repeat(40)}`;
    const where = `[0].payload.items${'[0]'.repeat(29)}`;
    await refused(
      () => post('records', 'application/json', `[{"uscc":"x","payload":{"items":${deep}}}]`),
      `${where}: is nested deeper than 32 levels`,
      [
        {
          path: where,
          message: 'is nested deeper than 32 levels',
        },
      ],
    );
  });

  it('other JSON routes: a NUL or an integer beyond 2^53 is a 400 naming the field', async () => {
    const regulator = stack.token(Role.Regulator);
    const res = await stack.request<ErrorBody>('POST', '/api/v1/inspectors', {
      token: regulator,
      raw: '[{"id":"i-1","name":"a\\u0000"}]',
      headers: { 'content-type': 'application/json' },
    });
    expect(res).toMatchObject({
      status: 400,
      body: { message: '[0].name: must not contain NUL (U+0000)', details: [{ path: '[0].name' }] },
    });
    const big = await stack.request<ErrorBody>('POST', '/api/v1/inspectors', {
      token: regulator,
      raw: '[{"id":"i-1","capacityPerPeriod":123456789012345678901}]',
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(400);
    expect(big.body.details).toEqual([
      { path: '[0].capacityPerPeriod', message: 'is beyond the safe integer range (±9007199254740991)' },
    ]);
    const csv = await stack.request<ErrorBody>('POST', '/api/v1/inspectors', {
      token: regulator,
      raw: 'id,name\ni-1,x\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv).toMatchObject({
      status: 415,
      body: { message: 'unsupported content type text/csv: send application/json' },
    });
  });
});
