import { DomainError } from '@app/domain';
import { RECORD_FACT_COLUMNS } from '@app/persistence';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FactDeclaration } from '@app/rules';
import { buildFactQuery, STANDING } from './fact-query.builder';

/** Values that would change a query's meaning if they were ever written into its text. */
const NASTY = [
  `it's`,
  `'; DROP TABLE enterprises; --`,
  `back\\slash\\`,
  `\\'`,
  `$$`,
  `$q$ SELECT 1 $q$`,
  `$4`,
  `"quoted"`,
  `中文 🚀 é`,
  `line\u2028break\nnewline`,
  `x' OR '1'='1`,
  `/* c */ --`,
];

/** One rule set's facts using a value (and a key) in every string field that reaches SQL. */
function declarations(value: (i: number) => string): Record<string, FactDeclaration> {
  const facts: Record<string, FactDeclaration> = {};
  NASTY.forEach((_, i) => {
    const v = value(i);
    facts[`c${i}`] = {
      type: 'number',
      count: { recordType: 'administrative_penalty', where: { 'payload.k': v, severity: v }, window: 'P3Y' },
    };
    facts[`k${i}`] = {
      type: 'number',
      count: { recordType: 'complaint', where: { [`payload.${v}`]: [v, i] } },
    };
    facts[`l${i}`] = { type: 'string', latest: { recordType: 'tax_credit_grade', field: `payload.${v}` } };
    facts[`s${i}`] = { type: 'number', sum: { recordType: 'administrative_penalty', field: `payload.${v}` } };
  });
  return facts;
}

describe('buildFactQuery: every rule-set value is bound, never written into the SQL', () => {
  const nasty = buildFactQuery(declarations((i) => NASTY[i]));
  const plain = buildFactQuery(declarations((i) => `value${i}`));

  it('writes the same SQL text whatever the values: they change the parameters only', () => {
    expect(nasty.sql).toBe(plain.sql);
    for (const value of NASTY) expect(nasty.params).toContain(value);
    expect(nasty.params).toContain(JSON.stringify(NASTY[1]));
    // The parameters are numbered after the three of the batch, in order, once each; the batch's
    // provinces come next, then the facts key's prefix and the leave to confirm.
    const placeholders = [...nasty.sql.matchAll(/\$(\d+)::/g)].map((m) => Number(m[1]));
    expect(Math.max(...placeholders)).toBe(nasty.params.length + 6);
    expect(nasty.sql).toContain(`$${nasty.params.length + 4}::text[]`);
    expect(nasty.sql).toContain(`md5($${nasty.params.length + 5}::text ||`);
    expect(nasty.sql).toContain(`$${nasty.params.length + 6}::boolean`);
    expect(new Set(placeholders.filter((n) => n > 3 && n <= nasty.params.length + 3)).size).toBe(
      nasty.params.length,
    );
  });

  it('keeps the text free of any value of the rule set', () => {
    // (`$4` is in the text: as the placeholder of a parameter, not as the value.)
    for (const value of [...NASTY.filter((v) => v !== '$4'), 'administrative_penalty', 'P3Y', 'complaint'])
      expect({ value, inText: nasty.sql.includes(value) }).toEqual({ value, inText: false });
  });

  it('digests every column an unchanged row leaves out, and nothing of the standing', () => {
    // The final SELECT: uscc and the standing as they are, every other column null when unchanged.
    const select = nasty.sql.slice(0, nasty.sql.indexOf('FROM (SELECT i.*'));
    const left = [...select.matchAll(/CASE WHEN u\.tw_unchanged THEN NULL ELSE k\.(\w+) END AS (\w+)/g)];
    expect(left.every((m) => m[1] === m[2])).toBe(true);
    const digested = /ROW\(([^)]*)\)::text/
      .exec(nasty.sql)![1]
      .split(', ')
      .map((c) => c.replace(/^i\./, ''));
    expect(digested.sort()).toEqual(left.map((m) => m[1]).sort());
    // every fact's column, the records behind them, the next change date
    for (const c of nasty.columns) expect(digested).toContain(c.column);
    for (const e of nasty.evidence) expect(digested).toContain(e.column);
    expect(digested).toContain(nasty.nextChangeColumn);
    for (const column of Object.values(STANDING)) expect(digested).not.toContain(column);
  });

  it('takes the provinces of the batch only when it reads records (PostgreSQL refuses a parameter the text does not use)', () => {
    const attributesOnly = buildFactQuery({ years: { type: 'number', from: 'enterprise.age_years' } });
    expect(attributesOnly.readsRecords).toBe(false);
    expect(attributesOnly.sql).not.toMatch(/::text\[\]/);
    expect(attributesOnly.sql).toContain('md5($4::text ||');
    expect(attributesOnly.sql).toContain('$5::boolean');
    expect(nasty.readsRecords).toBe(true);
  });

  it('binds a record type it does not know as data too (it then matches no record)', () => {
    const q = buildFactQuery({
      t: { type: 'number', count: { recordType: `complaint' OR true --` as 'complaint' } },
    });
    expect(q.sql).not.toContain('OR true');
    expect(q.params).toEqual([`complaint' OR true --`]);
  });

  it.each([
    ['a where value', { 'payload.k': 'a\u0000b' }, 'facts.f.count.where.payload.k'],
    ['a where key', { 'payload.a\u0000b': 1 }, 'facts.f.count.where.payload.a\u0000b (key)'],
    ['a severity in a list', { severity: ['high', 'lo\u0000w'] }, 'facts.f.count.where.severity[1]'],
  ])('refuses the NUL character in %s, naming where it is', (_, where, path) => {
    const build = () => buildFactQuery({ f: { type: 'number', count: { recordType: 'complaint', where } } });
    expect(build).toThrow(DomainError);
    expect(build).toThrow(/NUL character \(U\+0000\), which PostgreSQL text cannot hold/);
    try {
      build();
    } catch (error) {
      expect((error as DomainError).details).toEqual([{ path, message: expect.stringContaining('NUL') }]);
    }
  });

  it('refuses the NUL character in a field and a window that is not an ISO-8601 duration', () => {
    expect(() =>
      buildFactQuery({
        f: { type: 'string', latest: { recordType: 'tax_credit_grade', field: 'payload.a\u0000' } },
      }),
    ).toThrow(/facts\.f\.latest\.field contains the NUL character/);
    expect(() =>
      buildFactQuery({ f: { type: 'number', count: { recordType: 'complaint', window: `P1Y'; --` } } }),
    ).toThrow(/facts\.f\.count\.window "P1Y'; --" is not an ISO-8601 duration/);
  });

  it('gives two windows two columns of the bounds, however alike their names', () => {
    const q = buildFactQuery({
      a: { type: 'number', count: { recordType: 'administrative_penalty', window: 'P1Y' } },
      b: { type: 'number', count: { recordType: 'administrative_penalty', window: 'P12M' } },
      c: { type: 'number', count: { recordType: 'administrative_penalty', window: 'P1Y' } },
    });
    expect(q.sql).toContain('AS w_0');
    expect(q.sql).toContain('AS w_1');
    expect(q.sql).not.toContain('AS w_2');
    expect(q.params.filter((p) => p.startsWith('P'))).toEqual(['P1Y', 'P12M']);
  });
});

describe('the record columns a fact query reads', () => {
  /** Every shipped tiering version, and the nasty rule set above (every condition kind). */
  const shipped = readdirSync(join(__dirname, '../../../../rules'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'data' && d.name !== 'schema')
    .flatMap((d) =>
      readdirSync(join(d.parentPath, d.name))
        .filter((f) => f.endsWith('.json'))
        .map(
          (f) =>
            JSON.parse(readFileSync(join(d.parentPath, d.name, f), 'utf8')) as {
              kind: string;
              facts?: object;
            },
        ),
    )
    // the kind a run derives from the register in SQL, every version shipped
    .filter((doc) => doc.kind === 'tiering');

  it.each([...shipped.map((doc) => [doc.facts!] as const), [declarations((i) => `v${i}`)] as const])(
    'are all in the covering indexes of the record tables (an index-only scan, whatever the layout)',
    (facts) => {
      const { sql } = buildFactQuery(facts as Record<string, FactDeclaration>);
      const read = new Set([...sql.matchAll(/\br\.([a-z_]+)/g)].map((m) => m[1]));
      const covered = new Set([
        'uscc',
        ...RECORD_FACT_COLUMNS.credit_records,
        ...RECORD_FACT_COLUMNS.risk_records,
      ]);
      expect([...read].filter((column) => !covered.has(column))).toEqual([]);
    },
  );

  it('reads shipped rule sets at all (the check above is not vacuous)', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(2);
  });
});
