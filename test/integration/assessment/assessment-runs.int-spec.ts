import { AssessmentRunJobs } from '@app/assessment';
import { parseInput } from '@app/ingestion';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

const N = 57;
const AS_OF = '2026-11-01';

describe('re-tier runs: chunks, progress, exactly once, cancel', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  const count = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);

  beforeAll(async () => {
    env = await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '10' });
    ds = await env.dataSource();
    const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
    await ingestService(ds, env.config).ingest(
      'enterprises',
      json(
        Array.from({ length: N }, (_, i) =>
          enterpriseRow(i, {
            regionCode: i % 3 === 0 ? '440305' : '330106',
            industryCode: i % 2 ? 'I6432' : 'C1431',
          }),
        ),
      ),
      { actor: 'test' },
    );
    await ingestService(ds, env.config).ingest(
      'records',
      json([
        {
          uscc: usccOf(4),
          type: 'serious_dishonesty_listing',
          source: 'credit-china',
          sourceRecordId: 'SDL-4',
          occurredOn: '2026-05-01',
          payload: { listedOn: '2026-05-01' },
        },
      ]),
      { actor: 'test' },
    );
    s = assessmentServices(ds, env.config);
  });
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('records the run with the version in force and its planning job in one transaction', async () => {
    const run = await s.runs.create({
      scope: { type: 'all' },
      asOf: AS_OF,
      trigger: 'manual',
      requestedBy: 'alice',
    });
    expect(run).toMatchObject({
      status: 'queued',
      asOf: AS_OF,
      ruleSet: { kind: 'tiering', version: '2026.1' },
      progress: { total: null, done: 0 },
    });
    expect(
      await count(`SELECT count(*) AS n FROM outbox WHERE job_name = 'assessment.run-plan' AND job_id = $1`, [
        `run-${run.id}-plan`,
      ]),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM rule_set_versions WHERE kind = 'tiering' AND status = 'in_force'`,
      ),
    ).toBeGreaterThanOrEqual(1);
    await expect(
      s.runs.create({ scope: { type: 'all' }, asOf: '2999-01-01', trigger: 'manual', requestedBy: 'alice' }),
    ).rejects.toMatchObject({ details: [{ path: 'asOf', message: expect.stringMatching(/after today/) }] });
  });

  it('assesses every enterprise of the scope exactly once, in chunks, with progress and tier changes', async () => {
    const created = await s.runs.create(
      { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'alice' },
      'inline',
    );
    const run = await s.runs.runInline(created.id, { concurrency: 3 });
    expect(run.status).toBe('completed');
    expect(run.progress).toMatchObject({
      total: N,
      done: N,
      percent: 100,
      assessed: N,
      failed: 0,
      etaSeconds: null,
      chunks: { total: 6, done: 6, pending: 0, skipped: 0, size: 10 },
    });
    expect(run.progress.ratePerSecond).toBeGreaterThan(0);
    expect(Object.values(run.tiers).reduce((a, b) => a + b, 0)).toBe(N);
    expect(run.tiers.D).toBeGreaterThanOrEqual(1); // the listed enterprise
    // A first tier for everyone: every change is "→X".
    expect(run.tierChanges.changed).toBe(N);
    expect(Object.keys(run.tierChanges.transitions).every((k) => k.startsWith('→'))).toBe(true);
    expect(
      await count(`SELECT count(DISTINCT uscc) AS n FROM run_assessments WHERE run_id = $1`, [run.id]),
    ).toBe(N);
    expect(await count(`SELECT count(*) AS n FROM run_assessments WHERE run_id = $1`, [run.id])).toBe(N);

    // The same facts again: nothing moves.
    const again = await s.runs.runInline(
      (
        await s.runs.create(
          { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'a' },
          'inline',
        )
      ).id,
    );
    expect(again.tierChanges).toEqual({ changed: 0, transitions: {} });
    expect(again.tiers).toEqual(run.tiers);
    // Each assessment would say what the current one says: confirmed, not written again.
    expect(again.progress).toMatchObject({ assessed: N, confirmed: N, failed: 0 });
    expect(await count(`SELECT count(*) AS n FROM assessments WHERE run_id = $1`, [again.id])).toBe(0);
    const decided: { uscc: string; assessment_id: string; current: string }[] = await ds.query(
      `SELECT r.uscc, r.assessment_id, e.current_assessment_id AS current
         FROM run_assessments r JOIN enterprises e ON e.uscc = r.uscc WHERE r.run_id = $1 AND r.confirmed`,
      [again.id],
    );
    expect(decided).toHaveLength(N);
    // One confirmation row per chunk (its codes and assessments in step), not one per enterprise.
    expect(
      await count(`SELECT count(*) AS n FROM assessment_confirmations WHERE run_id = $1`, [again.id]),
    ).toBe(Math.ceil(N / 10));
    // Each register row keeps its current assessment's as-of date: a later run may confirm it, an
    // earlier one (a late retry) writes its own.
    expect(await count(`SELECT count(*) AS n FROM enterprises WHERE current_as_of = $1::date`, [AS_OF])).toBe(
      N,
    );
    expect(decided.filter((d) => d.assessment_id !== d.current)).toEqual([]);
    await expect(ds.query(`DELETE FROM assessment_confirmations`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    // Nobody moved in this run: the summary's movement since the previous tier is none.
    expect(
      await count(`SELECT count(*) AS n FROM enterprises WHERE previous_tier IS DISTINCT FROM current_tier`),
    ).toBe(0);
  });

  it('limits a run to its scope: region prefix, industry prefix, a list of codes', async () => {
    const region = await s.runs.runInline(
      (
        await s.runs.create(
          { scope: { type: 'region', prefix: '4403' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'a' },
          'inline',
        )
      ).id,
    );
    expect(region.progress.total).toBe(Math.ceil(N / 3));
    const codes: { uscc: string }[] = await ds.query(
      `SELECT DISTINCT uscc FROM run_assessments WHERE run_id = $1`,
      [region.id],
    );
    expect(codes.map((c) => c.uscc).sort()).toEqual(
      Array.from({ length: N }, (_, i) => i)
        .filter((i) => i % 3 === 0)
        .map(usccOf)
        .sort(),
    );
    const industry = await s.runs.runInline(
      (
        await s.runs.create(
          { scope: { type: 'industry', prefix: 'I64' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'a' },
          'inline',
        )
      ).id,
    );
    expect(industry.progress.total).toBe(Math.floor(N / 2));
    const listed = await s.runs.runInline(
      (
        await s.runs.create(
          {
            scope: { type: 'uscc', usccs: [usccOf(4), usccOf(5)] },
            asOf: AS_OF,
            trigger: 'manual',
            requestedBy: 'a',
          },
          'inline',
        )
      ).id,
    );
    expect(listed.progress).toMatchObject({ total: 2, assessed: 2 });
    expect(listed.tiers.D).toBe(1);
  });

  it('never assesses an enterprise twice when a chunk runs twice, even at the same time', async () => {
    const created = await s.runs.create(
      { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'a' },
      'inline',
    );
    const { pending } = await s.runs.plan(created.id);
    expect(pending).toEqual([0, 1, 2, 3, 4, 5]);
    const [first, second] = await Promise.all([
      s.runs.runChunk(created.id, 2),
      s.runs.runChunk(created.id, 2),
    ]);
    expect([first.status, second.status].sort()).toEqual(['done', 'skipped']);
    expect(await s.runs.runChunk(created.id, 2)).toEqual({ status: 'skipped', reason: 'already done' });
    expect(await count(`SELECT count(*) AS n FROM run_assessments WHERE run_id = $1`, [created.id])).toBe(10);
    // Planning again (a retried planning job) writes no second set of chunks.
    expect((await s.runs.plan(created.id)).pending).toEqual([0, 1, 3, 4, 5]);
    const run = await s.runs.runInline(created.id);
    expect(run.progress).toMatchObject({ total: N, done: N });
    expect(await count(`SELECT count(*) AS n FROM run_assessments WHERE run_id = $1`, [created.id])).toBe(N);
    const [{ attempts }] = await ds.query(
      `SELECT attempts FROM assessment_run_chunks WHERE run_id = $1 AND chunk_no = 2`,
      [created.id],
    );
    expect(attempts).toBe(3); // twice at once, once more alone; planning again left it out
  });

  it('cancels: chunks not started are skipped, the run ends cancelled, and a finished run cannot be cancelled', async () => {
    const created = await s.runs.create(
      { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'a' },
      'inline',
    );
    await s.runs.plan(created.id);
    await s.runs.runChunk(created.id, 0);
    const cancelling = await s.runs.cancel(created.id, 'bob');
    expect(cancelling.status).toBe('cancelling');
    const run = await s.runs.runInline(created.id);
    expect(run.status).toBe('cancelled');
    expect(run.progress).toMatchObject({ total: N, done: 10, chunks: { done: 1, skipped: 5, pending: 0 } });
    expect(await count(`SELECT count(*) AS n FROM run_assessments WHERE run_id = $1`, [created.id])).toBe(10);
    await expect(s.runs.cancel(created.id, 'bob')).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit: { action: string }[] = await ds.query(
      `SELECT action FROM audit_log WHERE entity_type = 'assessment_run' AND entity_id = $1 ORDER BY id`,
      [created.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'assessment_run.created',
      'assessment_run.cancel_requested',
      'assessment_run.cancelled',
    ]);
  });

  it('the monthly job creates one scheduled run of everyone per day, however often it fires', async () => {
    const jobs = new AssessmentRunJobs(s.runs);
    const first = await jobs.monthly({ requestedBy: 'schedule' });
    const second = await jobs.monthly({ requestedBy: 'schedule' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ runId: first.runId, created: false });
    expect(await s.runs.get(first.runId)).toMatchObject({ trigger: 'scheduled', scope: { type: 'all' } });
  });

  it('stops every lane when a chunk throws: the error reaches the caller and the chunks left stay pending', async () => {
    // Enterprise 15 (chunk 1) cannot be written or confirmed: the database refuses it.
    await ds.query(`
      CREATE FUNCTION test_refuse_15() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'assessments' THEN
          IF NEW.uscc = '${usccOf(15)}' THEN RAISE EXCEPTION 'test refuses %', NEW.uscc; END IF;
        ELSIF '${usccOf(15)}' = ANY(NEW.usccs) THEN
          RAISE EXCEPTION 'test refuses % (confirmed)', '${usccOf(15)}';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['assessments', 'assessment_confirmations'])
      await ds.query(
        `CREATE TRIGGER test_refuse_15 BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_refuse_15()`,
      );
    try {
      const created = await s.runs.create(
        { scope: { type: 'all' }, asOf: '2026-11-20', trigger: 'manual', requestedBy: 'a' },
        'inline',
      );
      await expect(s.runs.runInline(created.id, { concurrency: 2 })).rejects.toThrow(/test refuses/);
      const states = () =>
        ds.query(
          `SELECT status, count(*)::int AS n FROM assessment_run_chunks WHERE run_id = $1 GROUP BY 1 ORDER BY 1`,
          [created.id],
        );
      const after = await states();
      // No lane goes on once the call has failed: nothing moves afterwards.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await states()).toEqual(after);
      const pending = after.find((r: { status: string }) => r.status === 'pending')?.n ?? 0;
      expect(pending).toBeGreaterThanOrEqual(3); // chunk 1 and at least two not started of 6
    } finally {
      for (const table of ['assessments', 'assessment_confirmations'])
        await ds.query(`DROP TRIGGER test_refuse_15 ON ${table}`);
      await ds.query(`DROP FUNCTION test_refuse_15()`);
    }
  });
});
