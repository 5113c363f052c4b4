import { parseInput } from '@app/ingestion';
import { OutboxRelay, QueueName, QueueRegistry } from '@app/queue';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { InspectionServices, inspectionServices } from '../../support/inspection';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

const N = 300;
const tierOf = (i: number) => (i < 200 ? 'A' : i < 260 ? 'B' : i < 290 ? 'C' : 'D');
const request = (extra: Record<string, unknown> = {}) => ({
  name: '2026年第四批食品经营双随机抽查',
  window: { start: '2026-12-01', end: '2026-12-31' },
  scope: { regionPrefix: '33' },
  items: [{ name: '食品经营许可', type: 'general', department: '食品经营处', qualification: '食品安全' }],
  draw: 'undirected',
  seed: 'plan-2026-q4-batch-4',
  ...extra,
});
/**
 * Items of a department of their own: a plan that must not meet earlier plans' open tasks (which
 * keep an enterprise out of a plan with the same item in the window) nor their annual cap.
 */
const apart = (tag: string) => ({
  items: [
    {
      name: `食品经营许可 ${tag}`,
      type: 'general',
      department: `食品经营处 ${tag}`,
      qualification: '食品安全',
    },
  ],
});

describe('inspection plans: seeded stratified draw, assignment, tasks and their jobs, verification', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: InspectionServices;

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    await ingestService(ds, env.config).ingest(
      'enterprises',
      parseInput(
        'json',
        Readable.from([JSON.stringify(Array.from({ length: N }, (_, i) => enterpriseRow(i)))]),
      ),
      { actor: 'test' },
    );
    await ds.query(
      `UPDATE enterprises e SET current_tier = x.tier FROM jsonb_to_recordset($1::jsonb) AS x(uscc char(18), tier text)
        WHERE e.uscc = x.uscc`,
      [JSON.stringify(Array.from({ length: N }, (_, i) => ({ uscc: usccOf(i), tier: tierOf(i) })))],
    );
    s = inspectionServices(ds, env.config);
    s.clock.current = new Date('2026-11-25T10:00:00+08:00');
    await s.inspectors.upsert(
      Array.from({ length: 12 }, (_, i) => ({
        id: `INS-${String(i).padStart(2, '0')}`,
        name: `检查员${i}`,
        department: '食品经营处',
        regionCode: '33',
        qualifications: i === 11 ? ['特种设备'] : ['食品安全'],
        certified: i !== 10,
        // INS-00 declared a conflict with every D-tier enterprise (回避)
        conflictUsccs: i === 0 ? Array.from({ length: 10 }, (_, k) => usccOf(290 + k)) : [],
        capacityPerPeriod: 40,
      })),
      'test',
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('previews the pool per tier and what a draw would take, storing nothing, as the plan then draws', async () => {
    const count = async () =>
      (
        await ds.query(
          `SELECT (SELECT count(*) FROM inspection_plans) + (SELECT count(*) FROM audit_log) AS n`,
        )
      )[0].n;
    const before = await count();
    const preview = await s.plans.preview(request({ ratioOverrides: { B: 0.2 } }));
    expect(await count()).toEqual(before);
    expect(preview).toMatchObject({ frequencyVersion: '2026.1', pool: N, toDraw: 38, excluded: {} });
    expect(preview.tiers).toEqual([
      { tier: 'D', pool: 10, toDraw: 8, ratio: 0.8 },
      { tier: 'C', pool: 30, toDraw: 12, ratio: 0.4 },
      { tier: 'B', pool: 60, toDraw: 12, ratio: 0.2 },
      { tier: 'A', pool: 200, toDraw: 6, ratio: 0.03 },
    ]);
    const tiersOnly = await s.plans.preview(request({ scope: { regionPrefix: '33', tiers: ['C', 'D'] } }));
    expect(tiersOnly.tiers.map((t) => [t.tier, t.pool])).toEqual([
      ['D', 10],
      ['C', 30],
    ]);
    // The same checks as a plan: a ratio outside the rule set's band is named.
    await expect(s.plans.preview(request({ ratioOverrides: { A: 0.9 } }))).rejects.toMatchObject({
      details: [expect.objectContaining({ path: 'ratioOverrides.A' })],
    });
  });

  it('draws each tier at its ratio (ceil), assigns two certified, qualified, unconflicted inspectors, queues one job per task', async () => {
    const plan = await s.plans.create(request(), 'alice');
    // 2026.1 frequency ratios: A 3%, B 10%, C 40%, D 80% → ceil(6), ceil(6), 12, 8
    expect(plan.summary.tiers).toEqual([
      { tier: 'D', pool: 10, drawn: 8, ratio: 0.8 },
      { tier: 'C', pool: 30, drawn: 12, ratio: 0.4 },
      { tier: 'B', pool: 60, drawn: 6, ratio: 0.1 },
      { tier: 'A', pool: 200, drawn: 6, ratio: 0.03 },
    ]);
    expect(plan).toMatchObject({
      poolSize: N,
      selected: 32,
      seed: 'plan-2026-q4-batch-4',
      frequencyVersion: '2026.1',
    });
    expect(plan.poolDigest).toMatch(/^[0-9a-f]{64}$/);
    const tasks: { id: string; uscc: string; tier: string; status: string; inspector_ids: string[] }[] =
      await ds.query(
        `SELECT id, uscc, tier, status, inspector_ids FROM inspection_tasks WHERE plan_id = $1 ORDER BY seq`,
        [plan.id],
      );
    expect(tasks).toHaveLength(32);
    for (const t of tasks) {
      expect(t.status).toBe('assigned');
      expect(t.inspector_ids).toHaveLength(2);
      expect(t.inspector_ids).not.toContain('INS-10'); // not certified
      expect(t.inspector_ids).not.toContain('INS-11'); // not qualified
      if (t.tier === 'D') expect(t.inspector_ids).not.toContain('INS-00'); // recusal
    }
    const jobs: { job_id: string; job_name: string; due_in_ms: number }[] = await ds.query(
      `SELECT job_id, job_name, (extract(epoch FROM run_at - created_at) * 1000)::float8 AS due_in_ms
         FROM outbox WHERE job_name = 'inspection.dispatch'`,
    );
    expect(jobs.map((j) => j.job_id).sort()).toEqual(tasks.map((t) => t.id).sort());
    // dispatched at the window's start, 00:00 Asia/Shanghai on 1 December (the plan service gives a
    // delay from its clock, stored as an absolute run_at at write time; allow the write's duration)
    const delay = new Date('2026-12-01T00:00:00+08:00').getTime() - s.clock.current.getTime();
    expect(Math.abs(jobs[0].due_in_ms - delay)).toBeLessThan(60_000);
  });

  it("freezes the pool in the audit chain before a server seed exists, and exports the draw's provenance", async () => {
    const { seed: _caller, ...withoutSeed } = request({
      name: 'server seed',
      draw: 'directed',
      scope: { regionPrefix: '33', tag: 'food' },
    });
    const plan = await s.plans.create(withoutSeed, 'alice');
    const exported = await s.plans.export(plan.id);
    expect(plan.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(plan).toMatchObject({ seedSource: 'server', drawnAt: '2026-11-25T02:00:00.000Z' });
    expect(exported).toMatchObject({
      format: 'tierwatch-plan/2',
      planId: plan.id,
      scope: { regionPrefix: '33', tag: 'food' },
      drawType: 'directed',
      drawnAt: '2026-11-25T10:00:00.000+08:00',
      seedSource: 'server',
      seed: plan.seed,
    });
    const entries: {
      id: string;
      action: string;
      data: Record<string, unknown>;
      prev_hash: string;
      hash: string;
    }[] = await ds.query(
      `SELECT id::text, action, data, prev_hash, hash FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [plan.id],
    );
    expect(entries.map((e) => e.action)).toEqual(['inspection_plan.pool_frozen', 'inspection_plan.created']);
    const [frozen, created] = entries;
    // The digest entered the chain first, without any seed; the seed appears only with the draw.
    expect(frozen.data).toMatchObject({
      poolDigest: exported.poolDigest,
      pool: exported.pool.length,
      seedSource: 'server',
    });
    expect(JSON.stringify(frozen.data)).not.toContain(plan.seed);
    expect(created.data).toMatchObject({
      seed: plan.seed,
      seedSource: 'server',
      poolDigest: exported.poolDigest,
    });
    expect(BigInt(frozen.id) < BigInt(created.id)).toBe(true);
    expect(frozen.data.rosterDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(await s.plans.verify(plan.id)).toEqual({ ok: true, mismatches: [] });
    // A plan row claiming a pool other than the one frozen in the audit chain is named.
    await ds.query(`UPDATE inspection_plans SET export = $2 WHERE id = $1`, [
      plan.id,
      gzipSync(JSON.stringify({ ...exported, pool: exported.pool.slice(1), poolDigest: '0'.repeat(64) })),
    ]);
    expect((await s.plans.verify(plan.id)).mismatches.map((m) => m.path)).toContain('audit.poolDigest');
  });

  it('accepts a caller-chosen seed and says so in the export (seedSource "caller")', async () => {
    const plan = await s.plans.create(request({ name: 'caller seed', seed: 'lottery-2026-11-24' }), 'alice');
    const exported = await s.plans.export(plan.id);
    expect(plan.seedSource).toBe('caller');
    expect(exported).toMatchObject({
      seed: 'lottery-2026-11-24',
      seedSource: 'caller',
      drawType: 'undirected',
    });
    const [frozen] = await ds.query(
      `SELECT data FROM audit_log WHERE entity_id = $1 AND action = 'inspection_plan.pool_frozen'`,
      [plan.id],
    );
    expect(frozen.data).toMatchObject({ poolDigest: exported.poolDigest, seedSource: 'caller' });
  });

  it('is deterministic: same seed and pool, same draw in the same order; another seed, another draw', async () => {
    const plan = async (extra: Record<string, unknown>) =>
      s.plans.export((await s.plans.create(request(extra), 'a')).id);
    const a = await plan({ name: 'again', ...apart('a') });
    const b = await plan({ name: 'again 2', ...apart('b') });
    const c = await plan({ seed: 'another-seed', ...apart('c') });
    const order = (p: typeof a) => p.result.tasks.map((t) => t.uscc);
    expect(order(b)).toEqual(order(a));
    expect(order(c)).not.toEqual(order(a));
    expect(c.poolDigest).toBe(a.poolDigest);
  });

  it('verifies a plan, and names a tampered task or pool digest', async () => {
    const plan = await s.plans.create(request({ seed: 'verify-me' }), 'a');
    expect(await s.plans.verify(plan.id)).toEqual({ ok: true, mismatches: [] });
    const [victim] = await ds.query(`SELECT id, uscc FROM inspection_tasks WHERE plan_id = $1 AND seq = 3`, [
      plan.id,
    ]);
    await ds.query(`UPDATE inspection_tasks SET uscc = $2 WHERE id = $1`, [victim.id, usccOf(299 - 0)]);
    const tampered = await s.plans.verify(plan.id);
    expect(tampered.ok).toBe(false);
    expect(tampered.mismatches).toContainEqual({
      path: 'tasks[3].uscc',
      message: `stored ${usccOf(299)}, drawn ${victim.uscc.trim()}`,
    });
    await ds.query(`UPDATE inspection_plans SET pool_digest = repeat('0', 64) WHERE id = $1`, [plan.id]);
    const digest = await s.plans.verify(plan.id);
    expect(digest.mismatches.map((m) => m.path)).toContain('pool'); // the pool no longer matches the published digest
  });

  it('refuses ratios outside the frequency bands, naming the tier', async () => {
    await expect(s.plans.create(request({ ratioOverrides: { A: 0.5, C: 0.3 } }), 'a')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'ratioOverrides.A', message: expect.stringMatching(/above tier A's band/) }],
    });
    await expect(
      s.plans.create({ ...request(), window: { start: '2026-12-31', end: '2026-12-01' } }, 'a'),
    ).rejects.toMatchObject({
      details: [{ path: 'window.end', message: 'must not be before window.start' }],
    });
  });

  it('sends the inspectors per visit the deadline rules say: never fewer than their minimum', async () => {
    // rules/deadlines/2026.1.json: inspectorsPerVisit { minimum: 2, default: 2 }. A later period:
    // the plans above used up much of the roster's capacity in theirs.
    const LATER = { start: '2027-03-01', end: '2027-03-31' };
    await expect(s.plans.create(request({ inspectorsPerTask: 1 }), 'a')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'inspectorsPerTask', message: expect.stringMatching(/^must be at least 2 \(双随机/) },
      ],
    });
    const three = await s.plans.export(
      (await s.plans.create(request({ name: 'three', inspectorsPerTask: 3, window: LATER }), 'a')).id,
    );
    expect(three.assignment.inspectorsPerTask).toBe(3);
    const sizes = three.result.tasks.flatMap((t) => (t.status === 'assigned' ? [t.inspectors.length] : []));
    expect(sizes.length).toBeGreaterThan(0);
    expect(new Set(sizes)).toEqual(new Set([3]));
    const byDefault = await s.plans.export(
      (await s.plans.create(request({ name: 'default', window: LATER }), 'a')).id,
    );
    expect(byDefault.assignment.inspectorsPerTask).toBe(2);
  });

  it('flags a task unassignable, with the reason, when no valid pair exists', async () => {
    const plan = await s.plans.create(
      request({
        seed: 'special',
        scope: { regionPrefix: '33', tiers: ['D'] },
        items: [{ name: '特种设备安全', type: 'key', department: '特种设备处', qualification: '特种设备' }],
      }),
      'a',
    );
    expect(plan.summary.assignment).toMatchObject({
      assigned: 0,
      unassignable: 8,
      byReason: { too_few_qualified: 8 },
    });
    const [task] = await ds.query(
      `SELECT status, inspector_ids, unassignable_reason FROM inspection_tasks WHERE plan_id = $1 LIMIT 1`,
      [plan.id],
    );
    expect(task).toMatchObject({ status: 'pending', inspector_ids: [] });
    expect(task.unassignable_reason).toMatch(/^too_few_qualified: /);
  });

  it('keeps an enterprise inspected recently out of the random draw (minimum interval)', async () => {
    const d = usccOf(295);
    await ds.query(
      `INSERT INTO inspection_tasks (id, uscc, kind, status, items, scheduled_start, due_at, trigger_reason, result, result_at)
       VALUES (gen_random_uuid(), $1, 'triggered', 'done', '[]', now(), now(), 'test', '{"outcome":"compliant","findings":[],"followUp":null}', now())`,
      [d],
    );
    await ds.query(
      `INSERT INTO inspection_tasks (id, plan_id, seq, uscc, kind, status, items, scheduled_start, due_at, result, result_at)
       SELECT gen_random_uuid(), id, 999, $1, 'random', 'done', '[]', now(), now(), '{"outcome":"compliant","findings":[],"followUp":null}', '2026-11-01T10:00:00+08:00'
         FROM inspection_plans LIMIT 1`,
      [d],
    );
    const plan = await s.plans.create(
      request({ seed: 'after-visit', scope: { regionPrefix: '33', tiers: ['D'] }, ...apart('after-visit') }),
      'a',
    );
    expect(plan.poolSize).toBe(9);
    expect(plan.summary.excluded).toEqual({ min_interval: 1 });
    const exported = await s.plans.export(plan.id);
    expect(exported.pool.map((p) => p.uscc)).not.toContain(d);
  });

  it('loses no dispatch job when Redis is down at commit time, and adds each once (job id = task id) when it is back', async () => {
    const plan = await s.plans.create(
      request({ seed: 'redis-outage', scope: { regionPrefix: '33', tiers: ['C'] } }),
      'a',
    );
    const down = new QueueRegistry(
      env.config.with({ REDIS_URL: 'redis://127.0.0.1:1', OUTBOX_ENQUEUE_TIMEOUT_MS: 300 }),
    );
    const outage = await new OutboxRelay(ds, down, env.config).deliverPending(5000);
    await down.onApplicationShutdown();
    expect(outage.delivered).toBe(0);
    const pending: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'inspection.dispatch' AND delivered_at IS NULL AND last_error IS NOT NULL`,
    );
    expect(pending[0].n).toBeGreaterThanOrEqual(plan.selected);

    const up = new QueueRegistry(env.config);
    try {
      const relay = new OutboxRelay(ds, up, env.config);
      while ((await relay.deliverPending(5000)).delivered > 0);
      // delivered again (a lost commit): BullMQ keeps one job per id
      await ds.query(`UPDATE outbox SET delivered_at = NULL WHERE job_name = 'inspection.dispatch'`);
      while ((await relay.deliverPending(5000)).delivered > 0);
      const queue = up.get(QueueName.Inspection);
      const tasks: { id: string }[] = await ds.query(`SELECT id FROM inspection_tasks WHERE plan_id = $1`, [
        plan.id,
      ]);
      for (const t of tasks) expect((await queue.getJob(t.id))?.name).toBe('inspection.dispatch');
      const counts = await queue.getJobCounts('delayed', 'waiting', 'prioritized');
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'inspection.dispatch'`,
      );
      expect(counts.delayed + counts.waiting + counts.prioritized).toBe(n);
    } finally {
      await up.onApplicationShutdown();
    }
  });
});
