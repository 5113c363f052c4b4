import { AssessmentQueryService } from '@app/assessment';
import { generateEnterprises, generateRecords } from '@app/ingestion';
import { DataSource } from 'typeorm';
import { assessmentServices, AssessmentServices } from '../../support/assessment';
import { enterpriseRow, oneOfEachRecord } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

type Scope = { regions?: string[]; industry?: string };
type Row = { tier: string | null; previous: string | null; n: number };

const FILTER = `($1::text[] IS NULL OR region_code LIKE ANY ($1::text[])) AND ($2::text IS NULL OR industry_code LIKE $2 || '%')`;
const patterns = (scope: Scope) => [scope.regions?.map((r) => `${r}%`) ?? null, scope.industry ?? null];

function* numbered(rows: Iterable<Record<string, unknown>>) {
  let row = 0;
  for (const value of rows) yield { row: ++row, value };
}

/**
 * GET /tiers/summary reads `tier_summary`, which the database maintains as enterprises change. After
 * every kind of change (ingestion, a run, single re-tiers, new records, moved and new enterprises,
 * a second run) it must equal a full count over the register, for every scope asked.
 */
describe('the maintained tier summary equals a full count', () => {
  const AS_OF = '2026-11-01';
  let env: TestEnv;
  let ds: DataSource;
  let services: AssessmentServices;
  let queries: AssessmentQueryService;
  let scopes: Scope[];

  /** Straight from the register (the way the summary was computed before it was maintained). */
  const fullCount = (scope: Scope): Promise<Row[]> =>
    ds.query(
      `SELECT current_tier AS tier, previous_tier AS previous, count(*)::int AS n FROM enterprises
        WHERE ${FILTER} GROUP BY 1, 2 ORDER BY 1, 2`,
      patterns(scope),
    );
  /**
   * The previous tier as it used to be found, from the decisions (assessments written and current ones
   * confirmed by a run): the latest decision other than the one that made the current tier current.
   */
  const fromHistory = (scope: Scope): Promise<Row[]> =>
    ds.query(
      `WITH scoped AS (SELECT uscc, current_tier, current_assessment_id FROM enterprises WHERE ${FILTER}),
       decisions AS (
         SELECT a.uscc, a.tier, a.as_of, a.created_at, a.id = s.current_assessment_id AS current
           FROM assessments a JOIN scoped s ON s.uscc = a.uscc WHERE a.tier IS NOT NULL
         UNION ALL
         SELECT u.uscc, a.tier, c.as_of, c.created_at, u.assessment_id = s.current_assessment_id
           FROM assessment_confirmations c
          CROSS JOIN LATERAL unnest(c.usccs, c.assessment_ids) AS u(uscc, assessment_id)
           JOIN scoped s ON s.uscc = u.uscc JOIN assessments a ON a.id = u.assessment_id),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY uscc, current ORDER BY as_of DESC, created_at DESC) AS k
           FROM decisions),
       previous AS (
         SELECT DISTINCT ON (uscc) uscc, tier FROM ranked WHERE NOT (current AND k = 1)
          ORDER BY uscc, as_of DESC, created_at DESC)
       SELECT s.current_tier AS tier, p.tier AS previous, count(*)::int AS n
         FROM scoped s LEFT JOIN previous p USING (uscc) GROUP BY 1, 2 ORDER BY 1, 2`,
      patterns(scope),
    );
  const maintained = (scope: Scope): Promise<Row[]> =>
    ds.query(
      `SELECT nullif(tier, '') AS tier, nullif(previous_tier, '') AS previous, sum(n)::int AS n FROM tier_summary
        WHERE ${FILTER} GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
      patterns(scope),
    );

  async function expectExact(step: string, options: { history?: boolean } = {}): Promise<void> {
    for (const scope of scopes) {
      const full = await fullCount(scope);
      expect({ step, scope, rows: await maintained(scope) }).toEqual({ step, scope, rows: full });
      if (options.history)
        expect({ step, scope, rows: await fromHistory(scope) }).toEqual({ step, scope, rows: full });
      const summary = await queries.summary(scope);
      expect(summary.total).toBe(full.reduce((sum, r) => sum + r.n, 0));
      expect(summary.unassessed).toBe(full.filter((r) => r.tier === null).reduce((sum, r) => sum + r.n, 0));
      // The breakdowns in the same answer: per group, the same counts as the register grouped so.
      for (const [groupBy, key] of [
        ['province', 'left(region_code, 2)'],
        ['county', 'region_code::text'],
        ['section', 'left(industry_code, 1)'],
      ] as const) {
        const grouped: { code: string; tier: string | null; n: number }[] = await ds.query(
          `SELECT ${key} AS code, current_tier AS tier, count(*)::int AS n FROM enterprises WHERE ${FILTER}
            GROUP BY 1, 2 ORDER BY 1, 2`,
          patterns(scope),
        );
        const { groups } = await queries.summary({ ...scope, groupBy });
        const expected = new Map<
          string,
          { tiers: Record<string, number>; total: number; unassessed: number }
        >();
        for (const g of grouped) {
          const e =
            expected.get(g.code) ?? expected.set(g.code, { tiers: {}, total: 0, unassessed: 0 }).get(g.code)!;
          e.total += g.n;
          if (g.tier === null) e.unassessed += g.n;
          else e.tiers[g.tier] = g.n;
        }
        expect({
          step,
          scope,
          groupBy,
          groups: groups?.map((g) => ({
            code: g.code,
            tiers: g.tiers,
            total: g.total,
            unassessed: g.unassessed,
          })),
        }).toEqual({
          step,
          scope,
          groupBy,
          groups: [...expected.entries()].map(([code, e]) => ({ code, ...e })),
        });
      }
    }
  }

  beforeAll(async () => {
    env = await TestEnv.create({ REASSESS_DEBOUNCE_MS: '600000' });
    ds = await env.dataSource();
    services = assessmentServices(ds, env.config);
    queries = new AssessmentQueryService(ds);
    const ingest = ingestService(ds, env.config);
    const population = { enterprises: 800, seed: 11, asOf: AS_OF };
    await ingest.ingest('enterprises', numbered(generateEnterprises(population)), { actor: 'test' });
    await ingest.ingest('records', numbered(generateRecords(population)), { actor: 'test' });
    const [first]: { region_code: string; industry_code: string }[] = await ds.query(
      `SELECT region_code, industry_code FROM enterprises ORDER BY uscc LIMIT 1`,
    );
    scopes = [
      {},
      { regions: [first.region_code.slice(0, 2)] },
      { regions: [first.region_code.slice(0, 4), '35'] },
      { regions: [first.region_code] },
      { industry: first.industry_code.slice(0, 1) },
      { regions: [first.region_code.slice(0, 2)], industry: first.industry_code.slice(0, 3) },
      { regions: ['99'] },
    ];
  }, 120_000);
  afterAll(async () => {
    await services.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('stays exact through runs, single re-tiers, record changes and enterprise changes', async () => {
    await expectExact('ingested, nobody assessed', { history: true });
    expect((await queries.summary({})).unassessed).toBe(800);

    const run = async () => {
      const created = await services.runs.create(
        { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'test' },
        'inline',
      );
      expect((await services.runs.runInline(created.id)).status).toBe('completed');
    };
    await run();
    await expectExact('first run', { history: true });
    expect(await queries.summary({})).toMatchObject({
      unassessed: 0,
      firstAssessed: 800,
      changeSincePrevious: {},
    });

    const { ruleSet } = await services.ruleSets.inForce('tiering', AS_OF);
    const some: { uscc: string }[] = await ds.query(`SELECT uscc FROM enterprises ORDER BY uscc LIMIT 12`);
    const usccs = some.map((r) => r.uscc);
    // Single re-tiers of unchanged enterprises: no movement.
    await services.assessments.assessBatch(ruleSet, usccs.slice(0, 3), { asOf: AS_OF, trigger: 'manual' });
    await expectExact('single re-tiers', { history: true });

    // Records change: each of 8 enterprises gets one record of every type, then is re-tiered alone.
    const ingest = ingestService(ds, env.config);
    const records = usccs.slice(4).flatMap((uscc, i) => oneOfEachRecord(uscc, `TS-${i}`));
    const stored = await ingest.ingest('records', numbered(records), { actor: 'test' });
    expect(stored.rejectedRows).toEqual([]);
    for (const uscc of usccs.slice(4)) {
      await services.assessments.assessBatch(ruleSet, [uscc], { asOf: AS_OF, trigger: 'record_change' });
    }
    await expectExact('record changes re-tiered', { history: true });
    const moved = await queries.summary({});
    expect(Object.values(moved.changeSincePrevious).some((n) => n !== 0)).toBe(true);

    // Enterprises change: three move to another industry, five new ones arrive (unassessed).
    const [other]: { industry_code: string }[] = await ds.query(
      `SELECT industry_code FROM enterprises WHERE industry_code <> (SELECT industry_code FROM enterprises WHERE uscc = $1) LIMIT 1`,
      [usccs[0]],
    );
    const changed: { uscc: string; name: string; region_code: string; established_on: string }[] =
      await ds.query(
        `SELECT uscc, name, region_code, to_char(established_on, 'YYYY-MM-DD') AS established_on
         FROM enterprises WHERE uscc = ANY ($1)`,
        [usccs.slice(0, 3)],
      );
    const rows = [
      ...changed.map((e) => ({
        uscc: e.uscc.trim(),
        name: e.name,
        regionCode: e.region_code,
        industryCode: other.industry_code,
        establishedOn: e.established_on,
      })),
      ...Array.from({ length: 5 }, (_, i) => enterpriseRow(900_000 + i)),
    ];
    const upserted = await ingest.ingest('enterprises', numbered(rows), { actor: 'test' });
    expect(upserted.rejectedRows).toEqual([]);
    expect(upserted.accepted).toBe(5);
    await expectExact('enterprises moved and added');
    expect((await queries.summary({})).unassessed).toBe(5);

    await run();
    await expectExact('second run', { history: true });
    expect((await queries.summary({})).unassessed).toBe(0);
  }, 120_000);
});
