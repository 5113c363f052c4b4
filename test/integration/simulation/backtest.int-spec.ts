import { DataSource } from 'typeorm';
import { TestEnv } from '../../support/test-env';
import { seedPopulation, simulationServices, storeTestVersions } from './simulation-fixture';

/**
 * Completed inspections with known outcomes on the ten enterprises of simulation-fixture.ts, and
 * their tiers by hand: under t.2 A e0 e1 e7, B e2 e8, C e3, D e4 e5 e6 e9; under t.1 (in force from
 * 2026-06-01) A e0 e1 e7, B e2 e3 e8, C e4 e6, D e5 e9.
 */
const AUGUST: [number, 'compliant' | 'issues_found'][] = [
  [0, 'compliant'],
  [1, 'compliant'],
  [7, 'compliant'],
  [0, 'issues_found'],
  [2, 'compliant'],
  [8, 'issues_found'],
  [3, 'issues_found'],
  [4, 'issues_found'],
  [6, 'issues_found'],
  [5, 'issues_found'],
  [9, 'compliant'],
  [3, 'compliant'],
  [8, 'compliant'],
];

const row = (
  tier: string,
  inspections: number,
  issuesFound: number,
  rate: string | null,
  bp: number | null,
) => ({
  tier,
  inspections,
  issuesFound,
  detectionRate: rate,
  detectionRateBp: bp,
});

describe('backtest on a seeded population with known inspection outcomes', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: ReturnType<typeof simulationServices>;
  let usccs: string[];

  const inspect = async (
    i: number,
    at: string,
    outcome: string,
    extra: { status?: string; withdrawn?: boolean } = {},
  ) =>
    ds.query(
      `INSERT INTO inspection_tasks (id, uscc, kind, trigger_reason, status, items, scheduled_start, due_at, result, result_at, withdrawn_at)
       VALUES (gen_random_uuid(), $1, 'triggered', 'test', $2, '[]', $3::timestamptz - interval '1 day', $3::timestamptz,
               $4::jsonb, $3::timestamptz, $5)`,
      [
        usccs[i],
        extra.status ?? 'published',
        at,
        JSON.stringify({ outcome, findings: outcome === 'issues_found' ? ['标签不符'] : [], followUp: null }),
        extra.withdrawn ? at : null,
      ],
    );

  beforeAll(async () => {
    env = await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '4' });
    ds = await env.dataSource();
    s = simulationServices(ds, env.config);
    usccs = await seedPopulation(ds, env.config);
    await storeTestVersions(ds, s.ruleSets);
    for (const [k, [i, outcome]] of AUGUST.entries()) {
      await inspect(i, `2026-08-${String(k + 1).padStart(2, '0')}T10:00:00+08:00`, outcome);
    }
    // Not counted: no check took place, a withdrawn result, a task still open.
    await inspect(1, '2026-08-20T10:00:00+08:00', 'not_found_at_address');
    await inspect(0, '2026-08-21T10:00:00+08:00', 'issues_found', { withdrawn: true });
    await inspect(2, '2026-08-22T10:00:00+08:00', 'issues_found', { status: 'in_progress' });
    // In April, before the penalties (May) and before t.1: e4 has no penalty then, so t.2 gives A.
    await inspect(4, '2026-04-10T10:00:00+08:00', 'compliant');
  });
  afterAll(async () => env.dispose());

  it('replays the draft on each inspection date: detection rises from A to D, beside the version in force', async () => {
    const b = await s.backtests.backtest('t.2', { from: '2026-08-01', to: '2026-08-31' });
    expect(b.inspections).toBe(13);
    expect(b.tiers).toEqual([
      row('A', 4, 1, '0.2500', 2500),
      row('B', 3, 1, '0.3333', 3333),
      row('C', 2, 1, '0.5000', 5000),
      row('D', 4, 3, '0.7500', 7500),
    ]);
    expect(b.inForce).toEqual({
      versions: [{ version: 't.1', inspections: 13 }],
      tiers: [
        row('A', 4, 1, '0.2500', 2500),
        row('B', 5, 2, '0.4000', 4000),
        row('C', 2, 2, '1.0000', 10000),
        row('D', 2, 1, '0.5000', 5000),
      ],
    });
  });

  it('takes the facts as of each date and the version in force then', async () => {
    const b = await s.backtests.backtest('t.2', {});
    expect(b.inspections).toBe(14);
    expect(b.tiers[0]).toEqual(row('A', 5, 1, '0.2000', 2000));
    expect(b.tiers[3]).toEqual(row('D', 4, 3, '0.7500', 7500));
    expect(b.inForce.versions).toEqual([
      { version: '2026.1', inspections: 1 },
      { version: 't.1', inspections: 13 },
    ]);
  });

  it("keeps a regulator's backtest in its regions, and refuses an inverted range", async () => {
    const b = await s.backtests.backtest('t.2', { regions: ['4403'] });
    // e7 (A) compliant, e8 (B) issues then compliant, e9 (D) compliant
    expect(b.tiers).toEqual([
      row('A', 1, 0, '0.0000', 0),
      row('B', 2, 1, '0.5000', 5000),
      row('C', 0, 0, null, null),
      row('D', 1, 0, '0.0000', 0),
    ]);
    await expect(s.backtests.backtest('t.2', { from: '2026-09-01', to: '2026-08-01' })).rejects.toMatchObject(
      {
        code: 'VALIDATION_FAILED',
        details: [{ path: 'from' }],
      },
    );
    await expect(s.backtests.backtest('missing', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows the same table for the simulated draft', async () => {
    const sim = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'all' },
      requestedBy: 'author',
    });
    await s.runner.runInline(sim.id, 2);
    const result = (await s.simulations.get(sim.id)).result!;
    expect(result.backtest).toEqual(await s.backtests.backtest('t.2', {}));
  });
});
