import { makeUscc } from '@app/domain';
import { validateAs } from '@app/http';
import { CreateRunDto, parseRunScope } from './assessment-run.dto';
import { runProgress, runScopeOf, scopeCondition, scopeMembers } from './run-scope';

const CODE = makeUscc({ region: '330106', orgBody: 'T0000001' });

/** A run body as the ValidationPipe checks it: CreateRunDto, with the same options. */
function check(body: unknown) {
  const checked = validateAs(CreateRunDto, body, '');
  return checked.ok ? { ok: true as const, scope: runScopeOf(checked.value.scope) } : checked;
}

describe('CreateRunDto and runScopeOf', () => {
  it.each([
    [undefined, { type: 'all' }],
    [null, { type: 'all' }],
    [{ type: 'all' }, { type: 'all' }],
    [
      { type: 'region', prefix: '3301' },
      { type: 'region', prefix: '3301' },
    ],
    [
      { type: 'industry', prefix: 'C14' },
      { type: 'industry', prefix: 'C14' },
    ],
    [
      { type: 'industry', prefix: '1431' },
      { type: 'industry', prefix: '1431' },
    ],
    [
      { type: 'uscc', usccs: [` ${CODE.toLowerCase()} `, CODE] },
      { type: 'uscc', usccs: [CODE] },
    ],
  ])('accepts %j', (scope, expected) => {
    expect(check(scope === undefined ? {} : { scope })).toEqual({ ok: true, scope: expected });
  });

  it.each([
    ['a string', 'all', 'scope', 'must be an object'],
    ['an unknown type', { type: 'province' }, 'scope.type', 'must be one of all, region, industry, uscc'],
    ['no type', {}, 'scope.type', 'must be one of all, region, industry, uscc'],
    [
      'a region of letters',
      { type: 'region', prefix: '33AB' },
      'scope.prefix',
      'must be 1-6 digits of a division code',
    ],
    [
      'a 7-digit region',
      { type: 'region', prefix: '3301061' },
      'scope.prefix',
      'must be 1-6 digits of a division code',
    ],
    ['a region without prefix', { type: 'region' }, 'scope.prefix', 'must be 1-6 digits of a division code'],
    [
      'a numeric region',
      { type: 'region', prefix: 3301 },
      'scope.prefix',
      'must be 1-6 digits of a division code',
    ],
    [
      'a bad industry',
      { type: 'industry', prefix: 'Z1' },
      'scope.prefix',
      expect.stringMatching(/GB\/T 4754/),
    ],
    ['a field of another type', { type: 'all', prefix: '33' }, 'scope.prefix', 'is not a known field (type)'],
    ['an empty list', { type: 'uscc', usccs: [] }, 'scope.usccs', 'must be a non-empty array'],
    ['a list that is text', { type: 'uscc', usccs: CODE }, 'scope.usccs', 'must be a non-empty array'],
  ])('rejects %s with its path', (_, scope, path, message) => {
    expect(check({ scope })).toEqual({ ok: false, problems: [{ path, message }] });
  });

  it('names an unknown field, a bad scope and a bad date at once, unknown fields first', () => {
    expect(check({ scope: { type: 'region', prefix: '33x' }, asOf: '2026-13-01', when: 'now' })).toEqual({
      ok: false,
      problems: [
        { path: 'when', message: 'is not a known field (scope, asOf)' },
        { path: 'scope.prefix', message: 'must be 1-6 digits of a division code' },
        { path: 'asOf', message: 'must be a real calendar date YYYY-MM-DD (from 1900)' },
      ],
    });
    expect(check({ asOf: null })).toMatchObject({ ok: false, problems: [{ path: 'asOf' }] });
  });

  it('names every bad code of a list by its index', () => {
    const bad = `${CODE.slice(0, 17)}${CODE[17] === '0' ? '1' : '0'}`;
    const result = check({ scope: { type: 'uscc', usccs: [CODE, bad, 7] } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['scope.usccs[1]', 'scope.usccs[2]']);
  });

  it('refuses more than 10,000 codes', () => {
    expect(check({ scope: { type: 'uscc', usccs: Array(10_001).fill(CODE) } })).toMatchObject({
      ok: false,
      problems: [{ path: 'scope.usccs', message: expect.stringMatching(/at most 10000/) }],
    });
  });
});

describe('parseRunScope (a scope of another request, e.g. a simulation)', () => {
  it('checks it with the run classes and names problems under its path', () => {
    expect(parseRunScope(undefined)).toEqual({ ok: true, scope: { type: 'all' } });
    expect(parseRunScope({ type: 'region', prefix: '3301' })).toEqual({
      ok: true,
      scope: { type: 'region', prefix: '3301' },
    });
    expect(parseRunScope({ type: 'uscc', usccs: [CODE, 'x'] }, 'body.scope')).toEqual({
      ok: false,
      problems: [{ path: 'body.scope.usccs[1]', message: 'length must be 18, got 1' }],
    });
    expect(parseRunScope('all')).toEqual({
      ok: false,
      problems: [{ path: 'scope', message: 'must be an object' }],
    });
  });
});

describe('scopeCondition', () => {
  it('numbers its parameters from the given position', () => {
    expect(scopeCondition({ type: 'all' }, 3)).toEqual({ sql: 'TRUE', params: [] });
    expect(scopeCondition({ type: 'region', prefix: '33' }, 3)).toEqual({
      sql: `e.region_code LIKE $3 || '%'`,
      params: ['33'],
    });
    expect(scopeCondition({ type: 'uscc', usccs: [CODE] }, 2)).toEqual({
      sql: 'e.uscc = ANY($2::bpchar[])',
      params: [[CODE]],
    });
  });

  it('refuses a due scope, which is not a condition on the register', () => {
    expect(() => scopeCondition({ type: 'due' }, 3)).toThrow(/due log/);
  });
});

describe('scopeMembers', () => {
  it('takes a scope of the register in registration order', () => {
    expect(scopeMembers({ type: 'region', prefix: '33' }, 3)).toEqual({
      sql: `SELECT e.uscc, e.registration_seq AS seq FROM enterprises e WHERE e.region_code LIKE $3 || '%'`,
      params: ['33'],
    });
  });

  it('takes the daily run from the marks and the due log, as of its date', () => {
    const { sql, params } = scopeMembers({ type: 'due' }, 3, '2026-12-02');
    expect(params).toEqual(['2026-12-02']);
    expect(sql).toContain('FROM reassessment_marks m');
    expect(sql).toContain(`d.due_on <= $3::date`);
    expect(sql).toContain(`e.next_tier_change_on <= $3::date OR e.current_tier IS NULL`);
    expect(() => scopeMembers({ type: 'due' }, 3)).toThrow(/as of a date/);
  });
});

describe('runProgress', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, s));

  it('has no rate or ETA before the run starts', () => {
    expect(runProgress({ total: null, done: 0, startedAt: null, finishedAt: null, now: t(5) })).toEqual({
      total: null,
      done: 0,
      percent: null,
      ratePerSecond: null,
      etaSeconds: null,
    });
  });

  it('computes the rate since the start and the time left at that rate', () => {
    expect(runProgress({ total: 1000, done: 250, startedAt: t(0), finishedAt: null, now: t(10) })).toEqual({
      total: 1000,
      done: 250,
      percent: 25,
      ratePerSecond: 25,
      etaSeconds: 30,
    });
  });

  it('rounds the percentage down, so 100% means done', () => {
    expect(runProgress({ total: 3, done: 2, startedAt: t(0), finishedAt: null, now: t(1) }).percent).toBe(
      66.6,
    );
    expect(
      runProgress({ total: 1001, done: 1000, startedAt: t(0), finishedAt: null, now: t(1) }).percent,
    ).toBe(99.9);
  });

  it('freezes the rate at the finish and has no ETA then', () => {
    expect(
      runProgress({ total: 100, done: 100, startedAt: t(0), finishedAt: t(4), now: t(60) }),
    ).toMatchObject({
      percent: 100,
      ratePerSecond: 25,
      etaSeconds: null,
    });
  });

  it('reports an empty scope as complete', () => {
    expect(runProgress({ total: 0, done: 0, startedAt: t(0), finishedAt: t(0), now: t(0) }).percent).toBe(
      100,
    );
  });
});
