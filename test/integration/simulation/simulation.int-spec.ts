import { AssessmentService } from '@app/assessment';
import { DataSource } from 'typeorm';
import { usccOf } from '../../support/fixtures';
import { TestEnv } from '../../support/test-env';
import { seedPopulation, SIMULATED_AT, simulationServices, storeTestVersions } from './simulation-fixture';

/**
 * The simulation of draft t.2 against t.1 (in force) on the ten enterprises of simulation-fixture.ts,
 * every figure computed by hand there and below.
 */
describe('simulation against a hand-computed population', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: ReturnType<typeof simulationServices>;
  let usccs: string[];
  const snapshot = async () =>
    ds.query(
      `SELECT (SELECT count(*)::int FROM assessments) AS assessments,
              (SELECT md5(coalesce(string_agg(id::text || tier, ',' ORDER BY id), '')) FROM assessments) AS digest,
              (SELECT string_agg(uscc || ':' || coalesce(current_tier, '-'), ',' ORDER BY uscc) FROM enterprises) AS tiers`,
    );

  beforeAll(async () => {
    env = await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '4' });
    ds = await env.dataSource();
    s = simulationServices(ds, env.config);
    usccs = await seedPopulation(ds, env.config);
    await storeTestVersions(ds, s.ruleSets);
    // Assessed once under t.1, so "no assessment written" is measured on a table that has some.
    const { ruleSet } = await s.ruleSets.version('tiering', 't.1');
    await new AssessmentService(ds).assessBatch(ruleSet, usccs, {
      asOf: SIMULATED_AT.slice(0, 10),
      trigger: 'manual',
    });
    // Two inspectors covering 3301 with capacities 10 and 20 a period; none in 4403.
    await ds.query(
      `INSERT INTO inspectors (id, name, department, region_code, certified, capacity_per_period)
       VALUES ('i1', '检查员一', 'amr', '3301', true, 10), ('i2', '检查员二', 'amr', '33', true, 20)`,
    );
  });
  afterAll(async () => env.dispose());

  it('gives the exact matrix, rule hits, mean points and workload, and writes no assessment', async () => {
    const before = await snapshot();
    expect(before[0].assessments).toBe(10);
    const created = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'all' },
      requestedBy: 'author',
    });
    expect(created).toMatchObject({
      status: 'queued',
      ruleSet: { kind: 'tiering', version: 't.2' },
      against: { kind: 'tiering', version: 't.1' },
      frequencyVersion: '2026.1',
      asOf: SIMULATED_AT.slice(0, 10),
      progress: { total: null, processed: 0 },
    });
    const jobs = async (name: string) =>
      Number(
        (
          await ds.query(`SELECT count(*) AS n FROM outbox WHERE job_name = $1 AND job_id LIKE $2`, [
            name,
            `sim-${created.id}-%`,
          ])
        )[0].n,
      );
    expect(await jobs('simulation.plan')).toBe(1);

    const { pending } = await s.runner.plan(created.id);
    expect(pending).toEqual([0, 1, 2]); // 10 enterprises in chunks of 4
    expect(await jobs('simulation.chunk')).toBe(3);
    // Planning again (a re-delivered job) writes nothing new.
    await s.runner.plan(created.id);
    expect(await jobs('simulation.chunk')).toBe(3);

    expect(await s.runner.runChunk(created.id, 0)).toMatchObject({ status: 'done', processed: 4 });
    const midway = await s.simulations.get(created.id);
    expect(midway.progress).toMatchObject({ total: 10, processed: 4, chunks: { total: 3, done: 1 } });
    expect(await jobs('simulation.finish')).toBe(0);
    await s.runner.runChunk(created.id, 1);
    await s.runner.runChunk(created.id, 2);
    expect(await jobs('simulation.finish')).toBe(1);
    await s.runner.finish(created.id);

    const done = await s.simulations.get(created.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ total: 10, processed: 10, percent: 100 });
    const r = done.result!;
    expect(r.enterprises).toBe(10);
    expect(r.changed).toBe(3);
    expect(r.tiers).toEqual(['A', 'B', 'C', 'D']);
    expect(r.matrix).toEqual({
      A: { A: 3, B: 0, C: 0, D: 0 },
      B: { A: 0, B: 2, C: 1, D: 0 },
      C: { A: 0, B: 0, C: 0, D: 2 },
      D: { A: 0, B: 0, C: 0, D: 2 },
    });
    expect(r.unassessed).toEqual({ old: 0, new: 0 });
    // scores 100 90 85 75 55 45 55 100 85 45 = 735; under t.2 100 90 75 65 45 35 45 100 75 35 = 665
    expect(r.meanScore).toEqual({ old: '73.50', new: '66.50' });
    expect(r.rules).toEqual([
      { rule: 'penalties-many', old: { hits: 0, meanPoints: '0.00' }, new: { hits: 1, meanPoints: '0.00' } },
      { rule: 'penalty', old: { hits: 7, meanPoints: '-10.50' }, new: { hits: 7, meanPoints: '-17.50' } },
      {
        rule: 'penalties-repeated',
        old: { hits: 4, meanPoints: '-12.00' },
        new: { hits: 4, meanPoints: '-12.00' },
      },
      {
        rule: 'newly-established',
        old: { hits: 4, meanPoints: '-4.00' },
        new: { hits: 4, meanPoints: '-4.00' },
      },
    ]);
    // Frequency 2026.1: A 0.5, B 1, C 2, D 2 (food D 3) inspections a year. Old: A 3×0.5, B 3×1,
    // C 2×2, D e5 food 3 + e9 2. New: A 1.5, B 2, C 2 (e3), D e4 2 + e5 3 + e6 3 + e9 2.
    // Inspector-days: inspections × 2 inspectors × 21 days ÷ (30 capacity ÷ 2 inspectors) = × 2.8.
    const perTier = Object.fromEntries(r.workload.perTier.map((t) => [t.tier, t]));
    expect(perTier.A.old).toEqual({
      enterprises: 3,
      inspectionsPerYear: '1.50',
      inspectorDaysPerYear: '4.2',
    });
    expect(perTier.B.old).toEqual({
      enterprises: 3,
      inspectionsPerYear: '3.00',
      inspectorDaysPerYear: '8.4',
    });
    expect(perTier.B.new).toEqual({
      enterprises: 2,
      inspectionsPerYear: '2.00',
      inspectorDaysPerYear: '5.6',
    });
    expect(perTier.C.old).toEqual({
      enterprises: 2,
      inspectionsPerYear: '4.00',
      inspectorDaysPerYear: '11.2',
    });
    expect(perTier.C.new).toEqual({
      enterprises: 1,
      inspectionsPerYear: '2.00',
      inspectorDaysPerYear: '5.6',
    });
    expect(perTier.D.old).toEqual({
      enterprises: 2,
      inspectionsPerYear: '5.00',
      inspectorDaysPerYear: '14.0',
    });
    expect(perTier.D.new).toEqual({
      enterprises: 4,
      inspectionsPerYear: '10.00',
      inspectorDaysPerYear: '28.0',
    });
    expect(r.workload.total).toEqual({
      old: { enterprises: 10, inspectionsPerYear: '13.50', inspectorDaysPerYear: '37.8' },
      new: { enterprises: 10, inspectionsPerYear: '15.50', inspectorDaysPerYear: '43.4' },
    });
    expect(r.workload.basis).toEqual({
      inspectorsPerVisit: 2,
      periodWorkingDays: 21,
      roster: { inspectors: 2, capacityPerPeriod: 30 },
    });
    expect(r.observation).toBeNull();

    // The changed enterprises, paged, with both explanations.
    const cd = await s.simulations.changes(created.id, { from: 'C', to: 'D', limit: 10, offset: 0 });
    expect(cd.total).toBe(2);
    expect(cd.items.map((c) => c.uscc)).toEqual([usccs[4], usccs[6]].sort());
    const e6 = cd.items.find((c) => c.uscc === usccs[6])!;
    expect(e6.old).toMatchObject({ version: 't.1', tier: 'C', score: 55, decidedBy: null });
    expect(e6.new).toMatchObject({ version: 't.2', tier: 'D', score: 45, decidedBy: 'penalties-many' });
    expect(e6.new.fired.map((f) => f.rule)).toEqual(['penalty', 'penalties-repeated']);
    expect(e6.new.facts).toEqual({ general_penalties_3y: 5, years_in_business: 11 });
    // Why not: the rule that did not fire, with its failing condition, under each version.
    expect(e6.new.whyNot!.notFired.map((r) => r.rule)).toEqual(['newly-established']);
    expect(e6.new.whyNot!.notFired[0].failed).toMatchObject({ fact: 'years_in_business', value: 11 });
    expect(e6.old.whyNot!.notFired.map((r) => r.rule)).toEqual(['newly-established']);
    const e4 = cd.items.find((c) => c.uscc === usccs[4])!;
    expect(e4.new.whyNot!.notFired.map((r) => r.rule)).toEqual(['penalties-many', 'newly-established']);
    const all = await s.simulations.changes(created.id, { limit: 2, offset: 2 });
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(1);

    // Nothing of the assessments moved.
    expect(await snapshot()).toEqual(before);
  });

  it('counts a chunk once when it runs twice, one after the other or at the same time', async () => {
    const created = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'all' },
      requestedBy: 'author',
    });
    await s.runner.plan(created.id);
    expect(await s.runner.runChunk(created.id, 0)).toMatchObject({ status: 'done' });
    // A worker killed after the commit: the job runs again.
    expect(await s.runner.runChunk(created.id, 0)).toEqual({ status: 'skipped', reason: 'already done' });
    const both = await Promise.all([s.runner.runChunk(created.id, 1), s.runner.runChunk(created.id, 1)]);
    expect(both.map((o) => o.status).sort()).toEqual(['done', 'skipped']);
    await s.runner.runChunk(created.id, 2);
    await s.runner.finish(created.id);
    await s.runner.finish(created.id); // a finish job delivered twice changes nothing
    const done = await s.simulations.get(created.id);
    expect(done.result!.enterprises).toBe(10);
    expect(done.result!.changed).toBe(3);
    expect(done.result!.matrix.C.D).toBe(2);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM simulation_changes WHERE simulation_id = $1`,
      [created.id],
    );
    expect(n).toBe(3);
  });

  it('sends the finish job when the last chunk runs again after its worker died before sending it', async () => {
    const created = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'all' },
      requestedBy: 'author',
    });
    const finishJobs = async () =>
      Number(
        (
          await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id = $1`, [
            `sim-${created.id}-finish`,
          ])
        )[0].n,
      );
    await s.runner.plan(created.id);
    await s.runner.runChunk(created.id, 0);
    await s.runner.runChunk(created.id, 1);
    // The last chunk commits, then its worker dies before the finish job is written.
    await s.runner.runChunk(created.id, 2, false);
    expect(await finishJobs()).toBe(0);
    // BullMQ runs the stalled job again: the chunk is done, and the finish job goes out once.
    expect(await s.runner.runChunk(created.id, 2)).toEqual({ status: 'skipped', reason: 'already done' });
    expect(await finishJobs()).toBe(1);
    await s.runner.runChunk(created.id, 1);
    expect(await finishJobs()).toBe(1);
  });

  it('simulates a region with its own roster, and a deterministic sample', async () => {
    const region = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'region', prefix: '4403' },
      requestedBy: 'author',
    });
    await s.runner.runInline(region.id, 2);
    const r = (await s.simulations.get(region.id)).result!;
    // e7 A→A, e8 B→B, e9 D→D; no inspector covers 4403: no inspector-days to give.
    expect(r.enterprises).toBe(3);
    expect(r.changed).toBe(0);
    expect(r.matrix.A.A + r.matrix.B.B + r.matrix.D.D).toBe(3);
    expect(r.workload.total.new).toEqual({
      enterprises: 3,
      inspectionsPerYear: '3.50',
      inspectorDaysPerYear: null,
    });

    const empty = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'region', prefix: '12' },
      requestedBy: 'author',
    });
    await s.runner.runInline(empty.id, 1);
    expect(await s.simulations.get(empty.id)).toMatchObject({
      status: 'completed',
      progress: { total: 0, processed: 0 },
      result: { enterprises: 0, changed: 0, meanScore: { old: null, new: null } },
    });

    const sampled = async () => {
      const sim = await s.simulations.create({
        kind: 'tiering',
        version: 't.2',
        scope: { type: 'all' },
        sample: 4,
        requestedBy: 'author',
      });
      await s.runner.runInline(sim.id, 1);
      const rows: { usccs: string[] }[] = await ds.query(
        `SELECT usccs FROM simulation_chunks WHERE simulation_id = $1 ORDER BY chunk_no`,
        [sim.id],
      );
      return { view: await s.simulations.get(sim.id), usccs: rows.flatMap((x) => x.usccs).sort() };
    };
    const first = await sampled();
    const second = await sampled();
    expect(first.view.progress.total).toBe(4);
    expect(first.view.result!.enterprises).toBe(4);
    expect(first.usccs).toHaveLength(4);
    expect(second.usccs).toEqual(first.usccs);
    const expected: { uscc: string }[] = await ds.query(
      `SELECT uscc::text AS uscc FROM enterprises ORDER BY md5(uscc::text), uscc LIMIT 4`,
    );
    expect(first.usccs).toEqual(expected.map((e) => e.uscc).sort());
  });

  it('fails a simulation whose chunk failed for good, naming the chunk, and never finishes it after', async () => {
    const created = await s.simulations.create({
      kind: 'tiering',
      version: 't.2',
      scope: { type: 'all' },
      requestedBy: 'author',
    });
    await s.runner.plan(created.id);
    await s.runner.runChunk(created.id, 0);
    await s.runner.fail(created.id, 1, new Error('connection terminated'));
    const failed = await s.simulations.get(created.id);
    expect(failed).toMatchObject({
      status: 'failed',
      failureReason: 'chunk 1 failed: connection terminated',
      result: null,
    });
    // Late jobs of the failed simulation change nothing.
    expect(await s.runner.runChunk(created.id, 2)).toEqual({
      status: 'skipped',
      reason: 'simulation finished',
    });
    await s.runner.finish(created.id);
    expect((await s.simulations.get(created.id)).status).toBe('failed');
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'simulation' AND entity_id = $1 AND action = 'simulation.failed'`,
      [created.id],
    );
    expect(n).toBe(1);
  });

  it('refuses a kind it cannot simulate and a version that does not exist', async () => {
    await expect(
      s.simulations.create({
        kind: 'frequency',
        version: '2026.1',
        scope: { type: 'all' },
        requestedBy: 'a',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'kind' }] });
    await expect(
      s.simulations.create({ kind: 'tiering', version: 'nope', scope: { type: 'all' }, requestedBy: 'a' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(usccOf(0)).toBe(usccs[0]);
  });
});
