import { buildFactQuery, FactDeriver } from '@app/assessment';
import { DomainError } from '@app/domain';
import { parseInput } from '@app/ingestion';
import type { FactDeclaration } from '@app/rules';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * Rule documents are authored over HTTP: any string of one that reaches the fact query must reach
 * PostgreSQL as data. Each value below is a record's payload value, a payload key and a severity;
 * the facts built on them must find exactly those records and give the values back unchanged.
 */
const NASTY = [
  `it's`,
  `'; INSERT INTO canary VALUES (1); --`,
  `back\\slash\\`,
  `\\'`,
  `$$`,
  `$q$ x $q$`,
  `$4`,
  `"quoted"`,
  `中文 🚀 é`,
  `line\u2028break\nnewline`,
  `x' OR '1'='1`,
  `/* c */ --`,
];
/** Severities are varchar(16): the values that fit. */
const SEVERITIES = NASTY.filter((v) => v.length <= 16);

function declarations(values: readonly string[]): Record<string, FactDeclaration> {
  const facts: Record<string, FactDeclaration> = {};
  values.forEach((v, i) => {
    // The record whose payload.k is the value, and its value back.
    facts[`count_${i}`] = {
      type: 'number',
      count: { recordType: 'administrative_penalty', where: { 'payload.k': v } },
    };
    facts[`back_${i}`] = {
      type: 'string',
      latest: { recordType: 'administrative_penalty', where: { 'payload.k': v }, field: 'payload.k' },
    };
    // The value as a payload key (the record holds its index under it) and as a field read back.
    facts[`key_${i}`] = {
      type: 'number',
      count: { recordType: 'administrative_penalty', where: { [`payload.${v}`]: i } },
    };
    facts[`sum_${i}`] = {
      type: 'number',
      sum: { recordType: 'administrative_penalty', field: `payload.${v}` },
    };
  });
  // The same values as severities (those that fit), so a plain copy binds them alike.
  values
    .filter((_, i) => SEVERITIES.includes(NASTY[i]))
    .forEach((v, i) => {
      facts[`severity_${i}`] = {
        type: 'number',
        count: { recordType: 'administrative_penalty', where: { severity: v } },
      };
    });
  facts.either = {
    type: 'number',
    count: { recordType: 'administrative_penalty', where: { 'payload.k': [values[0], values[1]] } },
  };
  facts.unknown_type = {
    type: 'number',
    count: { recordType: `administrative_penalty' OR true --` as 'complaint' },
  };
  return facts;
}

describe('fact query: every value of a rule document reaches PostgreSQL as data', () => {
  let env: TestEnv;
  let ds: DataSource;
  const A = usccOf(1);

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
    await ingestService(ds, env.config).ingest('enterprises', json([enterpriseRow(1)]), { actor: 'test' });
    await ds.query(`CREATE TABLE canary (n int)`);
    for (const [i, v] of NASTY.entries()) {
      await ds.query(
        `INSERT INTO credit_records (uscc, type, severity, occurred_on, source, source_record_id, payload)
         VALUES ($1, 'administrative_penalty', $2, $3::date, 'test', $4, $5::jsonb)`,
        [
          A,
          SEVERITIES.includes(v) ? v : 'general',
          `2025-01-${String(i + 1).padStart(2, '0')}`,
          `N${i}`,
          JSON.stringify({ k: v, [v]: i }),
        ],
      );
    }
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('builds the same SQL text as for plain values, and derives each value back exactly', async () => {
    const facts = declarations(NASTY);
    expect(buildFactQuery(facts).sql).toBe(buildFactQuery(declarations(NASTY.map((_, i) => `v${i}`))).sql);

    const [a] = await new FactDeriver(facts).derive(ds, [A], '2026-03-01');
    const expected: Record<string, unknown> = {};
    NASTY.forEach((v, i) => {
      expected[`count_${i}`] = 1;
      expected[`back_${i}`] = v;
      expected[`key_${i}`] = 1;
      expected[`sum_${i}`] = i;
    });
    SEVERITIES.forEach((_, i) => (expected[`severity_${i}`] = 1));
    expect(a.facts).toEqual({ ...expected, either: 2, unknown_type: 0 });
    expect(a.underivable).toEqual([]);

    // Nothing but the query ran: the canary is empty, the enterprise and its records are all there.
    expect(await ds.query(`SELECT count(*)::int AS n FROM canary`)).toEqual([{ n: 0 }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM credit_records`)).toEqual([{ n: NASTY.length }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM enterprises`)).toEqual([{ n: 1 }]);
  });

  it('means the same whatever standard_conforming_strings says', async () => {
    const facts = {
      ...declarations(NASTY),
      amounts: { type: 'number', sum: { recordType: 'tax_credit_grade', field: 'payload.amount' } },
    } satisfies Record<string, FactDeclaration>;
    // A decimal string is summed; "5x00" is not a number (a pattern read with escapes off must not say it is).
    for (const [id, amount] of [
      ['AM1', '1000.50'],
      ['AM2', '5x00'],
    ])
      await ds.query(
        `INSERT INTO credit_records (uscc, type, occurred_on, source, source_record_id, payload)
         VALUES ($1, 'tax_credit_grade', '2025-02-01', 'test', $2, $3::jsonb)`,
        [A, id, JSON.stringify({ amount })],
      );
    const [on] = await new FactDeriver(facts).derive(ds, [A], '2026-03-01');
    expect(on.facts.amounts).toBe(1000.5);

    const database = ds.driver.database as string;
    await ds.query(`ALTER DATABASE "${database}" SET standard_conforming_strings = off`);
    const off = await new DataSource(ds.options).initialize();
    try {
      expect(await off.query(`SHOW standard_conforming_strings`)).toEqual([
        { standard_conforming_strings: 'off' },
      ]);
      const [again] = await new FactDeriver(facts).derive(off, [A], '2026-03-01');
      expect(again.facts).toEqual(on.facts);
    } finally {
      await off.destroy();
      await ds.query(`ALTER DATABASE "${database}" RESET standard_conforming_strings`);
      await ds.query(`DELETE FROM credit_records WHERE source_record_id IN ('AM1', 'AM2')`);
    }
  });

  it('refuses a NUL character before any SQL is sent, naming the fact and field', () => {
    const build = () =>
      new FactDeriver({
        f: {
          type: 'number',
          count: { recordType: 'administrative_penalty', where: { 'payload.k': 'a\u0000b' } },
        },
      });
    expect(build).toThrow(DomainError);
    expect(build).toThrow('facts.f.count.where.payload.k contains the NUL character (U+0000)');
  });
});
