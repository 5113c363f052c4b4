import { IngestService, parseInput } from '@app/ingestion';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, oneOfEachRecord, toNdjson, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

describe('ingestion path (validate, COPY into staging, upsert, audit)', () => {
  let env: TestEnv;
  let ds: DataSource;
  let ingest: IngestService;
  const from = (text: string | Buffer) =>
    Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);
  const count = async (table: string) =>
    (await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    ingest = ingestService(ds, env.config);
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

  it('stores every record type from NDJSON into the right table, then re-sends change nothing', async () => {
    const rows = oneOfEachRecord(usccOf(1), 'A');
    const first = await ingest.ingest('records', parseInput('ndjson', from(toNdjson(rows))), {
      actor: 'test',
    });
    expect(first).toMatchObject({ accepted: 13, updated: 0, unchanged: 0, rejected: 0 });
    const types = await ds.query(
      `SELECT type FROM credit_records WHERE source_record_id LIKE 'A-%' UNION ALL SELECT type FROM risk_records WHERE source_record_id LIKE 'A-%'`,
    );
    expect(types.map((t: { type: string }) => t.type).sort()).toEqual(rows.map((r) => r.type).sort());

    const again = await ingest.ingest('records', parseInput('ndjson', from(toNdjson(rows))), {
      actor: 'test',
    });
    expect(again).toMatchObject({ accepted: 0, updated: 0, unchanged: 13 });
  });

  it('replaces a corrected record and keeps the before and after in the audit log', async () => {
    const [penalty] = oneOfEachRecord(usccOf(2), 'C');
    await ingest.ingest('records', parseInput('json', from(JSON.stringify([penalty]))), { actor: 'test' });
    const corrected = { ...penalty, payload: { measure: 'fine', amount: '7000', heavier: false } };
    const result = await ingest.ingest('records', parseInput('json', from(JSON.stringify([corrected]))), {
      actor: 'regulator:bob',
    });
    expect(result).toMatchObject({ accepted: 0, updated: 1, unchanged: 0 });
    const [stored] = await ds.query(`SELECT payload FROM credit_records WHERE source_record_id = 'C-pen'`);
    expect(stored.payload.amount).toBe('7000.00');
    const [audit] = await ds.query(
      `SELECT actor, data FROM audit_log WHERE action = 'record.corrected' AND entity_id = 'samr-penalty/C-pen'`,
    );
    expect(audit.actor).toBe('regulator:bob');
    expect(audit.data.before.payload.amount).toBe('5000.00');
    expect(audit.data.after.payload.amount).toBe('7000.00');
  });

  it('marks each enterprise whose data changed for re-assessment, once however many changes', async () => {
    const uscc = usccOf(3);
    const marks = async () =>
      (await ds.query(`SELECT changes FROM reassessment_marks WHERE uscc = $1`, [uscc]))[0]?.changes as
        number | undefined;
    const before = (await marks()) ?? 0;
    const rows = oneOfEachRecord(uscc, 'F');
    await ingest.ingest('records', parseInput('json', from(JSON.stringify(rows))), { actor: 'test' });
    expect(await marks()).toBe(before + 1);
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM reassessment_marks WHERE uscc = $1`, [uscc]))[0].n,
    ).toBe(1);
    await ingest.ingest('records', parseInput('json', from(JSON.stringify(rows))), { actor: 'test' });
    expect(await marks()).toBe(before + 1); // identical re-send: no change, no mark
    await ingest.ingest(
      'records',
      parseInput('json', from(JSON.stringify([{ ...rows[0], severity: 'minor' }]))),
      {
        actor: 'test',
      },
    );
    expect(await marks()).toBe(before + 2);
  });

  it('marks both enterprises when a correction moves a record from one to another', async () => {
    const [penalty] = oneOfEachRecord(usccOf(1), 'MV');
    await ingest.ingest('records', parseInput('json', from(JSON.stringify([penalty]))), { actor: 'test' });
    await ds.query(`DELETE FROM reassessment_marks`);
    const moved = await ingest.ingest(
      'records',
      parseInput('json', from(JSON.stringify([{ ...penalty, uscc: usccOf(2) }]))),
      { actor: 'test' },
    );
    expect(moved).toMatchObject({ updated: 1 });
    const marked = (await ds.query(`SELECT uscc FROM reassessment_marks ORDER BY uscc`)).map(
      (r: { uscc: string }) => r.uscc,
    );
    expect(marked).toEqual([usccOf(1), usccOf(2)].sort());
  });

  it('resolves duplicate keys in one input by keeping the last and reports them', async () => {
    const [a] = oneOfEachRecord(usccOf(3), 'D');
    const rows = [a, { ...a, severity: 'minor' }, { ...a, severity: 'serious' }];
    const result = await ingest.ingest('records', parseInput('json', from(JSON.stringify(rows))), {
      actor: 'test',
      dedupeWholeInput: true,
    });
    expect(result).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(result.duplicateRows).toEqual([
      { row: 1, key: 'samr-penalty/D-pen', supersededBy: 2 },
      { row: 2, key: 'samr-penalty/D-pen', supersededBy: 3 },
    ]);
    expect(
      (await ds.query(`SELECT severity FROM credit_records WHERE source_record_id = 'D-pen'`))[0].severity,
    ).toBe('serious');
  });

  it('stores good rows and reports bad ones by row, field and reason; atomic stores nothing', async () => {
    const good = oneOfEachRecord(usccOf(1), 'E')[0];
    const bad = [
      { ...good, sourceRecordId: 'E-2', type: 'parking_ticket' },
      { ...good, sourceRecordId: 'E-3', uscc: '91350100M000100Y44' },
      { ...good, sourceRecordId: 'E-4', occurredOn: '2999-01-01', publicityUntil: undefined },
      { ...good, sourceRecordId: 'E-5', uscc: usccOf(999) },
      { ...good, sourceRecordId: 'E-6', payload: { measure: 'fine', amount: '-3' } },
    ];
    const before = await count('credit_records');
    await expect(
      ingest.ingest('records', parseInput('json', from(JSON.stringify([good, ...bad]))), {
        actor: 'test',
        atomic: true,
      }),
    ).rejects.toMatchObject({ message: '5 row(s) invalid; atomic import stored nothing' });
    expect(await count('credit_records')).toBe(before);

    const partial = await ingest.ingest('records', parseInput('json', from(JSON.stringify([good, ...bad]))), {
      actor: 'test',
    });
    expect(partial).toMatchObject({ accepted: 1, rejected: 5 });
    expect(partial.rejectedRows.map((r) => [r.row, r.path])).toEqual([
      [2, 'type'],
      [3, 'uscc'],
      [4, 'occurredOn'],
      [6, 'payload.amount'],
      [5, 'uscc'],
    ]);
    expect(partial.rejectedRows.find((r) => r.row === 5)?.message).toBe(
      `unknown enterprise ${usccOf(999)}: register it first`,
    );
    expect(await count('credit_records')).toBe(before + 1);
  });

  it('reads CSV with dotted payload columns and list cells', async () => {
    const csv = [
      'uscc,type,source,sourceRecordId,occurredOn,payload.result,payload.items',
      `${usccOf(2)},spot_check_result,spot-check,CSV-1,2026-01-05,fail,标签;储存`,
      `${usccOf(2)},spot_check_result,spot-check,CSV-2,2026-01-06,pass,`,
      `${usccOf(2)},spot_check_result,spot-check,CSV-3,2026-01-07,maybe,`,
    ].join('\r\n');
    const result = await ingest.ingest('records', parseInput('csv', from(csv)), { actor: 'test' });
    expect(result).toMatchObject({ accepted: 2, rejected: 1 });
    expect(result.rejectedRows).toEqual([
      { row: 3, path: 'payload.result', message: 'must be one of: pass, fail' },
    ]);
    const [r] = await ds.query(`SELECT payload FROM credit_records WHERE source_record_id = 'CSV-1'`);
    expect(r.payload).toEqual({ result: 'fail', items: ['标签', '储存'] });
  });

  it('survives malformed input: broken JSON lines, invalid UTF-8, a 10 MB line, wrong CSV column counts', async () => {
    const good = (n: number) => JSON.stringify({ ...oneOfEachRecord(usccOf(3), `M${n}`)[0] });
    const ndjson = Buffer.concat([
      Buffer.from(`${good(1)}\n{"uscc": \n`),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), // {"\xff\xfe"} invalid UTF-8
      Buffer.from(`{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}\n`),
      Buffer.from(`${good(2)}\n`),
    ]);
    const result = await ingest.ingest('records', parseInput('ndjson', from(ndjson)), { actor: 'test' });
    expect(result).toMatchObject({ accepted: 2, rejected: 3 });
    expect(result.rejectedRows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(result.rejectedRows[1].message).toBe('invalid UTF-8');

    const csv = [
      'uscc,name,regionCode,industryCode,establishedOn',
      `${usccOf(50)},甲,330106,C1431,2015-01-01`,
      `${usccOf(51)},乙,330106`,
      `${usccOf(52)},"丙,330106,C1431,2015-01-01`,
    ].join('\n');
    const e = await ingest.ingest('enterprises', parseInput('csv', from(csv)), { actor: 'test' });
    expect(e.accepted).toBe(1);
    expect(e.rejectedRows.map((r) => r.row)).toEqual(expect.arrayContaining([2]));
    expect(e.rejected).toBeGreaterThanOrEqual(2);
  });
});
