import { Role } from '@app/auth';
import { Clock } from '@app/domain';
import { RuleSetStore } from '@app/rulesets';
import { SimulationService } from '@app/simulation';
import {
  seedPopulation,
  SIMULATED_AT,
  storeTestVersions,
  tieringDocument,
} from '../integration/simulation/simulation-fixture';
import { Stack } from '../support/stack';
import { eventually, TestEnv } from '../support/test-env';

interface Simulation {
  id: string;
  status: string;
  ruleSet: { kind: string; version: string };
  against: { kind: string; version: string };
  frequencyVersion: string;
  asOf: string;
  progress: { total: number | null; processed: number; percent: number | null };
  result: null | {
    enterprises: number;
    changed: number;
    matrix: Record<string, Record<string, number>>;
    workload: { total: { old: { inspectionsPerYear: string }; new: { inspectionsPerYear: string } } };
  };
}

interface Change {
  uscc: string;
  from: string;
  to: string;
  old: { tier: string; fired: { rule: string }[] };
  new: { tier: string; decidedBy: string | null; whyNot: { notFired: { rule: string; text: string }[] } };
}

describe('simulations over HTTP: 202, progress, result, changes, roles and regions', () => {
  let stack: Stack;
  let author: string;
  let usccs: string[];

  beforeAll(async () => {
    const env = await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '4', REASSESS_DEBOUNCE_MS: '600000' });
    stack = await Stack.start({ env });
    const ds = await env.dataSource();
    usccs = await seedPopulation(ds, env.config);
    await storeTestVersions(ds, new RuleSetStore(ds));
    // Simulations are asked for on a pinned day: t.1 in force, not whatever the shipped files schedule.
    jest
      .spyOn(stack.api.get<SimulationService, { clock: Clock }>(SimulationService).clock, 'now')
      .mockImplementation(() => new Date(SIMULATED_AT));
    author = stack.token(Role.RuleAuthor);
  });
  afterAll(async () => {
    await stack.stop();
  });

  const create = (token: string, body: unknown, version = 't.2', kind = 'tiering') =>
    stack.request<Simulation & { details: { path: string; message: string }[]; message: string }>(
      'POST',
      `/api/v1/rule-sets/${kind}/versions/${version}/simulations`,
      { token, body },
    );
  const get = <T = Simulation>(token: string, path: string) => stack.request<T>('GET', path, { token });
  const completed = (id: string) =>
    eventually(async () => {
      const res = await get(author, `/api/v1/simulations/${id}`);
      return res.body.status === 'completed' && res.body;
    }, 30_000);

  it('runs a simulation in the worker: 202 with its location, progress, then the result', async () => {
    const created = await create(author, { scope: { type: 'all' } });
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe(`/api/v1/simulations/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'queued',
      ruleSet: { kind: 'tiering', version: 't.2' },
      against: { kind: 'tiering', version: 't.1' },
      frequencyVersion: '2026.1',
      asOf: SIMULATED_AT.slice(0, 10),
      progress: { total: null, processed: 0 },
    });
    const done = await completed(created.body.id);
    expect(done.progress).toMatchObject({ total: 10, processed: 10, percent: 100 });
    expect(done.result).toMatchObject({ enterprises: 10, changed: 3 });
    expect(done.result!.matrix.B).toEqual({ A: 0, B: 2, C: 1, D: 0 });
    expect(done.result!.matrix.C).toEqual({ A: 0, B: 0, C: 0, D: 2 });
    expect(done.result!.workload.total).toMatchObject({
      old: { inspectionsPerYear: '13.50' },
      new: { inspectionsPerYear: '15.50' },
    });

    const page1 = await get<{ items: Change[]; total: number; limit: number; offset: number }>(
      author,
      `/api/v1/simulations/${created.body.id}/changes?from=C&to=D&limit=1`,
    );
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    const page2 = await get<{ items: Change[] }>(
      author,
      `/api/v1/simulations/${created.body.id}/changes?from=C&to=D&limit=1&offset=1`,
    );
    const both = [...page1.body.items, ...page2.body.items];
    expect(both.map((c) => c.uscc)).toEqual([usccs[4], usccs[6]].sort());
    expect(both.every((c) => c.old.tier === 'C' && c.new.tier === 'D')).toBe(true);
    expect(both.find((c) => c.uscc === usccs[6])!.new.decidedBy).toBe('penalties-many');
    // Each side carries its why-not: e4 (3 penalties, 11 years) under t.2 misses "five or more" and "young".
    const e4 = both.find((c) => c.uscc === usccs[4])!;
    expect(e4.new.whyNot.notFired.map((r) => r.text)).toEqual([
      'penalties-many: general_penalties_3y = 3, needs ≥ 5',
      'newly-established: years_in_business = 11, needs < 3',
    ]);
    const bad = await get<{ details: { path: string }[] }>(
      author,
      `/api/v1/simulations/${created.body.id}/changes?limit=0&sort=x`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path).sort()).toEqual(['limit', 'sort']);

    // No assessment was written by the simulation.
    const [{ n }] = await (await stack.env.dataSource()).query(`SELECT count(*)::int AS n FROM assessments`);
    expect(n).toBe(0);
  });

  it('simulates a draft an author created over HTTP', async () => {
    const draft = await stack.request<{ version: string; status: string }>(
      'POST',
      '/api/v1/rule-sets/tiering/versions',
      {
        token: author,
        body: { document: { ...tieringDocument('t.2'), version: 't.3' } },
      },
    );
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 't.3', status: 'draft' });
    const created = await create(author, {}, 't.3');
    expect(created.status).toBe(202);
    const done = await completed(created.body.id);
    expect(done.ruleSet).toEqual({ kind: 'tiering', version: 't.3' });
    expect(done.result).toMatchObject({ enterprises: 10, changed: 3 });
  });

  it('names bad input by its field', async () => {
    const bad = await create(author, { scope: { type: 'region', prefix: '33x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'scope.prefix', message: 'must be 1-6 digits of a division code' },
    ]);
    const sample = await create(author, { sample: 0, extra: true });
    expect(sample.status).toBe(400);
    expect(sample.body.details.map((d) => d.path).sort()).toEqual(['extra', 'sample']);
    const kind = await create(author, {}, '2026.1', 'frequency');
    expect(kind.status).toBe(400);
    expect(kind.body.details[0].path).toBe('kind');
    expect((await create(author, {}, 'no-such-version')).status).toBe(404);
    expect((await get(author, '/api/v1/simulations/not-an-id')).status).toBe(404);
    expect((await get(author, '/api/v1/simulations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets authors and approvers create, regulators read within their regions only', async () => {
    expect((await create(stack.token(Role.Regulator), {})).status).toBe(403);
    expect((await create(stack.token(Role.Enterprise, { uscc: usccs[0] }), {})).status).toBe(403);
    expect(
      (await stack.request('POST', '/api/v1/rule-sets/tiering/versions/t.2/simulations', { body: {} }))
        .status,
    ).toBe(401);
    const approver = await create(stack.token(Role.RuleApprover), {
      scope: { type: 'region', prefix: '4403' },
    });
    expect(approver.status).toBe(202);
    const admin = await create(stack.token(Role.Admin), { sample: 3 });
    expect(admin.status).toBe(202);

    // A regulator who also authors rules simulates only inside its regions: 403 naming the prefix.
    const regional = stack.token([Role.Regulator, Role.RuleAuthor], { regions: ['3301'] });
    const outside = await create(regional, { scope: { type: 'region', prefix: '4403' } });
    expect(outside.status).toBe(403);
    expect(outside.body.message).toContain('4403');
    expect((await create(regional, { scope: { type: 'all' } })).status).toBe(403);
    expect((await create(regional, { scope: { type: 'uscc', usccs: [usccs[8]] } })).status).toBe(403);

    const inRegion = await completed(approver.body.id);
    expect(inRegion.result).toMatchObject({ enterprises: 3, changed: 0 });
    const path = `/api/v1/simulations/${approver.body.id}`;
    expect((await get(stack.token(Role.Regulator, { regions: ['44'] }), path)).status).toBe(200);
    expect((await get(stack.token(Role.Regulator, { regions: ['44'] }), `${path}/changes`)).status).toBe(200);
    expect((await get(stack.token(Role.Regulator, { regions: ['3301'] }), path)).status).toBe(404);
    expect((await get(stack.token(Role.Regulator, { regions: ['3301'] }), `${path}/changes`)).status).toBe(
      404,
    );
    // A national simulation is not a regional regulator's to read.
    expect(
      (await get(stack.token(Role.Regulator, { regions: ['44'] }), `/api/v1/simulations/${admin.body.id}`))
        .status,
    ).toBe(404);
    expect((await get(stack.token(Role.Regulator), `/api/v1/simulations/${admin.body.id}`)).status).toBe(200);
    expect((await get(stack.token(Role.Inspector, { inspectorId: 'i1' }), path)).status).toBe(403);
  });

  it('backtests a tiering version over HTTP', async () => {
    const path = '/api/v1/rule-sets/tiering/versions/t.2/backtest';
    const ok = await get<{ version: string; inspections: number; tiers: { tier: string }[] }>(
      stack.token(Role.Regulator, { regions: ['3301'] }),
      `${path}?from=2026-01-01&to=2026-12-31`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 't.2', inspections: 0 });
    expect(ok.body.tiers.map((t) => t.tier)).toEqual(['A', 'B', 'C', 'D']);
    const bad = await get<{ details: { path: string }[] }>(author, `${path}?from=2026-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('from');
    expect((await get(author, '/api/v1/rule-sets/tiering/versions/none/backtest')).status).toBe(404);
    expect((await get(stack.token(Role.Ingest), path)).status).toBe(403);
  });
});
