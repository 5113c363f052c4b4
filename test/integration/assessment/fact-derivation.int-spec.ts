import { FactDeriver, literal } from '@app/assessment';
import { parseInput } from '@app/ingestion';
import type { FactDeclaration } from '@app/rules';
import { epochDayOf } from '@app/rules';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

const FACTS: Record<string, FactDeclaration> = {
  years: { type: 'number', from: 'enterprise.age_years' },
  capital: { type: 'number', from: 'enterprise.registered_capital', default: 0 },
  tags: { type: 'string[]', from: 'enterprise.tags' },
  general_3y: {
    type: 'number',
    count: {
      recordType: 'administrative_penalty',
      where: { severity: 'general' },
      window: 'P3Y',
      excludeRepaired: true,
    },
  },
  fines_3y: {
    type: 'number',
    sum: { recordType: 'administrative_penalty', field: 'payload.amount', window: 'P3Y' },
  },
  listed: {
    type: 'boolean',
    exists: { recordType: 'abnormal_operation_listing', where: { 'payload.removedOn': null } },
  },
  tax: { type: 'string', latest: { recordType: 'tax_credit_grade', field: 'payload.grade' }, default: 'M' },
  last_penalty_on: { type: 'date', max: { recordType: 'administrative_penalty', field: 'occurred_on' } },
  complaints_1y: { type: 'number', count: { recordType: 'complaint', window: 'P1Y' } },
  exclusivity: {
    type: 'boolean',
    exists: {
      recordType: 'platform_risk_signal',
      where: { 'payload.signal': ['forced_exclusivity', 'below_cost_selling'] },
    },
  },
};

describe('fact derivation: one set-based query per batch, as of a date', () => {
  let env: TestEnv;
  let ds: DataSource;
  const A = usccOf(1);
  const B = usccOf(2);

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    const ingest = ingestService(ds, env.config);
    const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
    await ingest.ingest(
      'enterprises',
      json([
        enterpriseRow(1, { establishedOn: '2010-03-01', registeredCapital: '500000' }),
        { ...enterpriseRow(2), registeredCapital: undefined, tags: [] },
      ]),
      { actor: 'test' },
    );
    const pen = (id: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({
      uscc: A,
      type: 'administrative_penalty',
      source: 'samr',
      sourceRecordId: id,
      severity: 'general',
      occurredOn,
      payload: { measure: 'fine', amount: '1000.50' },
      ...extra,
    });
    await ingest.ingest(
      'records',
      json([
        pen('P1', '2024-05-01'),
        pen('P2', '2025-06-01', { repairedAt: '2026-01-10T10:00:00+08:00' }),
        pen('P3', '2022-01-01'), // outside 3 years of 2026-03-01
        pen('P4', '2026-06-01'), // after the as-of date
        {
          uscc: A,
          type: 'abnormal_operation_listing',
          source: 'aic',
          sourceRecordId: 'L1',
          occurredOn: '2025-07-01',
          payload: { reason: 'annual_report_missing', listedOn: '2025-07-01' },
        },
        {
          uscc: A,
          type: 'tax_credit_grade',
          source: 'tax',
          sourceRecordId: 'T1',
          occurredOn: '2024-04-01',
          payload: { grade: 'B', year: 2023 },
        },
        {
          uscc: A,
          type: 'tax_credit_grade',
          source: 'tax',
          sourceRecordId: 'T2',
          occurredOn: '2025-04-01',
          payload: { grade: 'C', year: 2024 },
        },
        {
          uscc: A,
          type: 'complaint',
          source: '12315',
          sourceRecordId: 'C1',
          severity: 'low',
          occurredAt: '2025-12-31T23:30:00+08:00',
        },
        {
          uscc: A,
          type: 'complaint',
          source: '12315',
          sourceRecordId: 'C2',
          severity: 'low',
          occurredAt: '2024-12-31T10:00:00+08:00',
        },
        {
          uscc: A,
          type: 'platform_risk_signal',
          source: 'fair',
          sourceRecordId: 'S1',
          severity: 'high',
          occurredAt: '2025-10-01T10:00:00+08:00',
          payload: { signal: 'forced_exclusivity' },
        },
      ]),
      { actor: 'test' },
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  /** Record id → source record id, in one record table. */
  async function recordIdsBySource(table: 'credit_records' | 'risk_records'): Promise<Map<string, string>> {
    const rows: { id: string; source_record_id: string }[] = await ds.query(
      `SELECT id::text, source_record_id FROM ${table}`,
    );
    return new Map(rows.map((r) => [r.id, r.source_record_id]));
  }

  it('derives attributes and windowed aggregates, with the records behind each', async () => {
    const [a, b] = (await new FactDeriver(FACTS).derive(ds, [A, B], '2026-03-01')).sort((x, y) =>
      x.uscc.localeCompare(y.uscc),
    );
    expect(a.uscc).toBe(A);
    expect(a.facts).toEqual({
      years: 16,
      capital: 500000,
      tags: ['food'],
      general_3y: 1, // P1 only: P2 repaired before as-of, P3 too old, P4 not yet
      fines_3y: 2001, // P1 + P2 (repair does not matter for the sum as declared)
      listed: true,
      tax: 'C',
      last_penalty_on: epochDayOf('2025-06-01'),
      complaints_1y: 1, // C1 is 2025-12-31 in Shanghai; C2 is more than a year before
      exclusivity: true,
    });
    expect(a.underivable).toEqual([]);
    // The records behind each aggregate, by source record id: a record may stand behind several facts.
    // (ids are per table: a fact's record type says which)
    const credit = await recordIdsBySource('credit_records');
    const risk = await recordIdsBySource('risk_records');
    const behind = (fact: string) =>
      (a.evidence[fact] ?? [])
        .map((id) => (['complaints_1y', 'exclusivity'].includes(fact) ? risk : credit).get(id))
        .sort();
    expect(behind('general_3y')).toEqual(['P1']);
    expect(behind('fines_3y')).toEqual(['P1', 'P2']);
    expect(behind('last_penalty_on')).toEqual(['P1', 'P2', 'P3']);
    expect(behind('listed')).toEqual(['L1']);
    expect(behind('tax')).toEqual(['T2']); // the newest grade only
    expect(behind('complaints_1y')).toEqual(['C1']);
    expect(behind('exclusivity')).toEqual(['S1']);
    expect(Object.keys(a.evidence).sort()).toEqual(
      ['complaints_1y', 'exclusivity', 'fines_3y', 'general_3y', 'last_penalty_on', 'listed', 'tax'].sort(),
    );
    expect(b.evidence).toEqual({});

    // No records: counts and sums 0, exists false, defaults for the rest; a date with no default is underivable.
    expect(b.facts).toMatchObject({
      capital: 0,
      tags: [],
      general_3y: 0,
      listed: false,
      tax: 'M',
      complaints_1y: 0,
      exclusivity: false,
    });
    expect(b.facts.fines_3y).toBe(0);
    expect(b.underivable).toEqual(['last_penalty_on']);
  });

  it('says on which date the facts next change by themselves (incremental re-tiering)', async () => {
    const deriver = new FactDeriver(FACTS);
    const next = async (asOf: string) => (await deriver.derive(ds, [A], asOf))[0].nextChangeOn;
    // As of 2026-03-01 the penalty P4, dated 2026-06-01, comes into force first.
    expect(await next('2026-03-01')).toBe('2026-06-01');
    // Then complaint C1 (2025-12-31, Shanghai) leaves the 1-year window on 2026-12-31.
    expect(await next('2026-06-01')).toBe('2026-12-31');
    // Then the 17th year in business (established 2010-03-01) before P1 leaves 3 years (2027-05-01).
    expect(await next('2026-12-31')).toBe('2027-03-01');
    expect(await next('2027-03-01')).toBe('2027-05-01');
    // And the facts on each of those dates differ from the day before: none of the dates is idle.
    for (const day of ['2026-06-01', '2026-12-31', '2027-03-01', '2027-05-01']) {
      const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const [was] = await deriver.derive(ds, [A], before);
      const [is] = await deriver.derive(ds, [A], day);
      expect({ day, changed: JSON.stringify(was.facts) !== JSON.stringify(is.facts) }).toEqual({
        day,
        changed: true,
      });
    }
  });

  it('keeps facts apart when a table has more of them than one mask holds', async () => {
    // 120 counts over penalties: three masks of 48 bits on one table; fact i counts penalties
    // of severity general in a window of (i + 1) months, so the answers differ by fact.
    const many: Record<string, FactDeclaration> = {};
    for (let i = 0; i < 120; i++) {
      many[`m${String(i).padStart(3, '0')}`] = {
        type: 'number',
        count: { recordType: 'administrative_penalty', where: { severity: 'general' }, window: `P${i + 1}M` },
      };
    }
    const [a] = await new FactDeriver(many).derive(ds, [A], '2026-03-01');
    const ids = await recordIdsBySource('credit_records');
    // As of 2026-03-01 a window of n months starts the day after 2026-03-01 minus n months: P2
    // (2025-06-01) is inside from 10 months on, P1 (2024-05-01) from 23, P3 (2022-01-01) from 51;
    // P4 is after the as-of date.
    for (let i = 0; i < 120; i++) {
      const fact = `m${String(i).padStart(3, '0')}`;
      const months = i + 1;
      const expected = [months >= 23 ? 'P1' : null, months >= 10 ? 'P2' : null, months >= 51 ? 'P3' : null];
      const want = expected.filter((x): x is string => x !== null);
      expect({
        fact,
        count: a.facts[fact],
        records: (a.evidence[fact] ?? []).map((id) => ids.get(id)).sort(),
      }).toEqual({ fact, count: want.length, records: want });
    }
  });

  it('writes rule-set values as SQL literals that mean the value itself, whatever the server settings', async () => {
    const values = [`it's`, 'back\\slash', `both\\' OR true --`, "E'x'", '中文'];
    for (const setting of ['on', 'off']) {
      await ds.transaction(async (m) => {
        await m.query(`SET LOCAL standard_conforming_strings = ${setting}`);
        await m.query(`SET LOCAL escape_string_warning = off`);
        for (const value of values) {
          const [row] = await m.query<{ same: boolean }[]>(`SELECT ${literal(value)} = $1 AS same`, [value]);
          expect({ setting, value, same: row.same }).toEqual({ setting, value, same: true });
        }
      });
    }
  });

  it('is reproducible: as of an earlier date, and with the records known then', async () => {
    const [earlier] = await new FactDeriver(FACTS).derive(ds, [A], '2025-01-01');
    expect(earlier.facts).toMatchObject({ general_3y: 1, tax: 'B', listed: false, complaints_1y: 1 });
    const [before] = await new FactDeriver(FACTS).derive(
      ds,
      [A],
      '2026-03-01',
      new Date('2000-01-01T00:00:00Z'),
    );
    expect(before.facts).toMatchObject({ general_3y: 0, listed: false, tax: 'M' });
  });
});
