import { makeUscc } from '@app/domain';
import { RowValidator } from '../rows/row.validator';
import {
  generateEnterprises,
  generatePopulation,
  generateRecords,
  PopulationRow,
} from './population.generator';
import { SYNTHETIC_BODY_PREFIX, syntheticOrgBody } from './synthetic-enterprise.factory';
import demoEnterprises from '../../../../seeds/demo/enterprises.json';

const AS_OF = '2026-05-20';

function take<T>(rows: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const row of rows) {
    if (out.length === n) break;
    out.push(row);
  }
  return out;
}

const serialise = (rows: readonly PopulationRow[]): string => rows.map((r) => JSON.stringify(r)).join('\n');

describe('generatePopulation', () => {
  it('is deterministic: the same options give the same rows, byte for byte', () => {
    const options = { enterprises: 500, seed: 42, asOf: AS_OF };
    const first = serialise(take(generatePopulation(options), 1000));
    expect(serialise(take(generatePopulation(options), 1000))).toBe(first);
    expect(first.split('\n')).toHaveLength(1000);
  });

  it('gives a different population for a different seed', () => {
    const a = take(generatePopulation({ enterprises: 500, seed: 1, asOf: AS_OF }), 1000);
    const b = take(generatePopulation({ enterprises: 500, seed: 2, asOf: AS_OF }), 1000);
    expect(serialise(a)).not.toBe(serialise(b));
    const names = (rows: PopulationRow[]) =>
      rows.filter((r) => r.kind === 'enterprise').map((r) => r.value.name);
    expect(names(a)).not.toEqual(names(b));
  });

  it('makes a small population an exact prefix of a larger one', () => {
    const small = [...generatePopulation({ enterprises: 100, seed: 9, asOf: AS_OF })];
    const large = take(generatePopulation({ enterprises: 1000, seed: 9, asOf: AS_OF }), small.length + 1);
    expect(serialise(large.slice(0, small.length))).toBe(serialise(small));
    // The row after the prefix is enterprise 100, not a record of enterprise 99.
    expect(large[small.length].kind).toBe('enterprise');
  });

  it('splits into enterprise and record streams that are the combined stream, in order', () => {
    const options = { enterprises: 300, seed: 5, asOf: AS_OF };
    const combined = [...generatePopulation(options)];
    expect([...generateEnterprises(options)]).toEqual(
      combined.filter((r) => r.kind === 'enterprise').map((r) => r.value),
    );
    expect([...generateRecords(options)]).toEqual(
      combined.filter((r) => r.kind === 'record').map((r) => r.value),
    );
  });

  it('rejects options it cannot honour', () => {
    const run = (options: { enterprises: number; seed: number; asOf: string }) => () =>
      generatePopulation(options).next();
    expect(run({ enterprises: -1, seed: 1, asOf: AS_OF })).toThrow(RangeError);
    expect(run({ enterprises: 1.5, seed: 1, asOf: AS_OF })).toThrow(RangeError);
    expect(run({ enterprises: 1, seed: Number.NaN, asOf: AS_OF })).toThrow(RangeError);
    expect(run({ enterprises: 1, seed: 1, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(run({ enterprises: 1, seed: 1, asOf: '2005-12-31' })).toThrow(RangeError);
    expect([...generatePopulation({ enterprises: 0, seed: 1, asOf: AS_OF })]).toEqual([]);
  });
});

describe('generated rows', () => {
  // Mid-May, the day after tax grades and before the annual-report deadline, the year's end, and an
  // early asOf (reports of the 2000s), so that every date rule meets its edge somewhere.
  it.each([
    [AS_OF, 2000],
    ['2026-04-30', 300],
    ['2026-06-30', 300],
    ['2025-12-31', 300],
    ['2008-02-29', 300],
  ])('pass the row validator as of %s (%i enterprises), and refer to their own enterprises', (asOf, n) => {
    const validator = new RowValidator(Date.parse(`${asOf}T23:59:59+08:00`));
    const usccs = new Set<string>();
    const recordKeys = new Set<string>();
    // Collected rather than asserted row by row: tens of thousands of expect() calls are slow.
    const problems: unknown[] = [];
    const complain = (value: unknown, problem: unknown) =>
      problems.length < 5 && problems.push({ value, problem });
    let row = 0;
    let records = 0;
    for (const { kind, value } of generatePopulation({ enterprises: n, seed: 2026, asOf })) {
      row++;
      const result = kind === 'enterprise' ? validator.enterprise(row, value) : validator.record(row, value);
      if (!result.ok) complain(value, result.problems);
      const uscc = value.uscc as string;
      if (kind === 'enterprise') {
        if (usccs.has(uscc)) complain(value, 'duplicate uscc');
        usccs.add(uscc);
        continue;
      }
      records++;
      if (!usccs.has(uscc)) complain(value, 'refers to an enterprise not generated before it');
      const key = `${String(value.source)}\u0000${String(value.sourceRecordId)}`;
      if (recordKeys.has(key)) complain(value, 'duplicate (source, sourceRecordId)');
      recordKeys.add(key);
      const day = (value.occurredOn ?? String(value.occurredAt).slice(0, 10)) as string;
      if (day > asOf) complain(value, 'after asOf');
    }
    expect(problems).toEqual([]);
    expect(usccs.size).toBe(n);
    expect(records).toBeGreaterThan(n * 5);
  });
});

describe('synthetic USCCs', () => {
  it('encode the index in base 31 behind a prefix no demo seed uses', () => {
    expect(syntheticOrgBody(0)).toBe('Y0000000');
    expect(syntheticOrgBody(30)).toBe('Y000000Y');
    expect(syntheticOrgBody(31)).toBe('Y0000010');
    expect(syntheticOrgBody(31 ** 7 - 1)).toBe('YYYYYYYY');
    for (const e of demoEnterprises) expect(e.uscc.slice(8, 9)).not.toBe(SYNTHETIC_BODY_PREFIX);
  });

  it('are valid codes, distinct for ten million indexes', () => {
    // Base-31 digits are a bijection, so distinct indexes give distinct bodies; spot-check the far end.
    for (const index of [0, 1, 9_999_999, 10_000_000, 2 ** 32 - 1]) {
      expect(() => makeUscc({ region: '330106', orgBody: syntheticOrgBody(index) })).not.toThrow();
    }
    const bodies = new Set<string>();
    for (let index = 9_900_000; index < 10_000_000; index++) bodies.add(syntheticOrgBody(index));
    expect(bodies.size).toBe(100_000);
  });
});
