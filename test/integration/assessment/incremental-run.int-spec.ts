import { generateEnterprises, generateRecords } from '@app/ingestion';
import { DataSource } from 'typeorm';
import { assessmentServices, AssessmentServices } from '../../support/assessment';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * Incremental re-tiering (issue #17 §7): after a full run, the daily run re-tiers only the
 * enterprises whose stored next-change date has come or whose records changed, and leaves every
 * enterprise with the tier and the facts a full run of the same day computes.
 */
describe('the daily incremental re-tier run', () => {
  const N = 3_000;
  const D0 = '2026-10-01';
  const D1 = '2026-10-08';
  let env: TestEnv;
  let ds: DataSource;
  let services: AssessmentServices;
  let changed: string[];

  function* numbered(rows: Iterable<Record<string, unknown>>) {
    let row = 0;
    for (const value of rows) yield { row: ++row, value };
  }

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    services = assessmentServices(ds, env.config);
    const ingest = ingestService(ds, env.config);
    const population = { enterprises: N, seed: 3, asOf: D0 };
    await ingest.ingest('enterprises', numbered(generateEnterprises(population)), { actor: 'test' });
    await ingest.ingest('records', numbered(generateRecords(population)), { actor: 'test' });
  }, 120_000);
  afterAll(async () => {
    await services.queues.onApplicationShutdown();
    await env.dispose();
  });

  const run = async (scope: { type: 'all' } | { type: 'due' }, asOf: string) => {
    const created = await services.runs.create(
      { scope, asOf, trigger: 'scheduled', requestedBy: 'test' },
      'inline',
    );
    const done = await services.runs.runInline(created.id);
    expect(done.status).toBe('completed');
    return done;
  };

  it('stores each enterprise next change date, then re-tiers only the due and the changed', async () => {
    await run({ type: 'all' }, D0);
    await ds.query(`TRUNCATE reassessment_marks`);
    const [{ dated, overdue }] = await ds.query(
      `SELECT count(*) FILTER (WHERE next_tier_change_on IS NOT NULL)::int AS dated,
              count(*) FILTER (WHERE next_tier_change_on <= $1::date)::int AS overdue FROM enterprises`,
      [D0],
    );
    expect(dated).toBeGreaterThan(N * 0.9); // nearly everyone has a record or an anniversary ahead
    expect(overdue).toBe(0); // every stored date is after the day assessed

    // 1 % of the enterprises receive a new serious penalty on D1 (ingestion marks them).
    const picked: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM enterprises ORDER BY md5(uscc) LIMIT $1`,
      [N / 100],
    );
    changed = picked.map((p) => p.uscc.trim());
    const ingest = ingestService(ds, env.config);
    await ingest.ingest(
      'records',
      numbered(
        changed.map((uscc, i) => ({
          uscc,
          type: 'administrative_penalty',
          source: 'samr',
          sourceRecordId: `incr-${i}`,
          severity: 'serious',
          occurredOn: D1,
          payload: { measure: 'fine', amount: '50000.00' },
        })),
      ),
      { actor: 'test' },
    );
    const [{ due }] = await ds.query(
      `SELECT count(*)::int AS due FROM enterprises WHERE next_tier_change_on <= $1::date`,
      [D1],
    );

    const [{ expected }] = await ds.query(
      `SELECT count(*)::int AS expected FROM enterprises
        WHERE next_tier_change_on <= $1::date OR uscc = ANY($2::bpchar[])`,
      [D1, changed],
    );

    // The due log names each enterprise due by then on its date.
    const logged = async () =>
      (
        await ds.query(
          `SELECT uscc FROM tiering_due WHERE due_on > '-infinity' AND due_on <= $1::date ORDER BY uscc`,
          [D1],
        )
      ).map((r: { uscc: string }) => r.uscc);
    expect(due).toBeGreaterThan(0);
    expect(await logged()).toHaveLength(due);

    const daily = await run({ type: 'due' }, D1);
    // The changed ones and the ones whose date came, nobody else.
    expect(daily.progress.total).toBe(expected);
    // Re-tiered, each has a later date: the rows of the dates passed were dropped after the run.
    expect(await logged()).toEqual([]);
    expect(daily.progress.total).toBeGreaterThanOrEqual(changed.length);
    expect(daily.progress.total).toBeLessThanOrEqual(due + changed.length);
    expect(daily.progress.total).toBeLessThan(N / 10);
    const reassessed: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM run_assessments WHERE run_id = $1`,
      [daily.id],
    );
    expect(new Set(reassessed.map((r) => r.uscc.trim()))).toEqual(
      expect.objectContaining({ size: daily.progress.total }),
    );
    for (const uscc of changed) expect(reassessed.map((r) => r.uscc.trim())).toContain(uscc);

    // A full run of the same day finds every enterprise's current tier and facts unchanged.
    const current: { uscc: string; tier: string; facts: string }[] = await ds.query(
      `SELECT e.uscc, e.current_tier AS tier, a.facts::text AS facts
         FROM enterprises e JOIN assessments a ON a.id = e.current_assessment_id`,
    );
    const full = await run({ type: 'all' }, D1);
    const fresh: { uscc: string; tier: string; facts: string }[] = await ds.query(
      `SELECT uscc, tier, facts::text AS facts FROM run_assessments WHERE run_id = $1`,
      [full.id],
    );
    expect(fresh).toHaveLength(N);
    const byUscc = new Map(current.map((c) => [c.uscc, c]));
    const differing = fresh.filter((f) => {
      const c = byUscc.get(f.uscc);
      return !c || c.tier !== f.tier || c.facts !== f.facts;
    });
    expect(differing.map((d) => d.uscc)).toEqual([]);
    expect(full.tierChanges.changed).toBe(0);
    // Nothing to write: every enterprise's current assessment is confirmed as it stands.
    expect(full.progress.confirmed).toBe(N);
  }, 120_000);

  it('finds a new enterprise by its lack of a tier, once', async () => {
    const ingest = ingestService(ds, env.config);
    const [newcomer] = generateEnterprises({ enterprises: 1, seed: 99, asOf: D1 });
    await ingest.ingest('enterprises', numbered([newcomer]), { actor: 'test' });
    const uscc = String(newcomer.uscc);
    await ds.query(`TRUNCATE reassessment_marks`);
    const due = async () =>
      (
        await ds.query(`SELECT due_on::text AS due FROM tiering_due WHERE uscc = $1 ORDER BY due_on`, [uscc])
      ).map((r: { due: string }) => r.due);
    expect(await due()).toEqual(['-infinity']);

    const daily = await run({ type: 'due' }, D1);
    const reassessed: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM run_assessments WHERE run_id = $1`,
      [daily.id],
    );
    // Nobody else: the full run of D1 left everyone else with a later date.
    expect(reassessed.map((r) => r.uscc.trim())).toEqual([uscc]);
    const [registered] = await ds.query(
      `SELECT current_tier AS tier, next_tier_change_on::text AS next FROM enterprises WHERE uscc = $1`,
      [uscc],
    );
    expect(registered.tier).not.toBeNull();
    // tiered: no longer due for having no tier, and due again on its next change date
    expect(await due()).toEqual(registered.next ? [registered.next] : []);

    // The next run finds nobody: no marks, no date come, nobody untiered.
    const again = await run({ type: 'due' }, D1);
    expect(again.progress.total).toBe(0);
  }, 60_000);

  it('keeps the due log whoever writes a date, and drops after a run only the rows nobody is due by', async () => {
    const D2 = '2026-10-09';
    const picked: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM enterprises WHERE current_tier IS NOT NULL ORDER BY md5(uscc || 'log') LIMIT 3`,
    );
    const [due, movedOn, later] = picked.map((p) => p.uscc.trim());
    // Any statement that moves a date appends it (here not the assessment writer).
    await ds.query(`UPDATE enterprises SET next_tier_change_on = $2::date WHERE uscc = $1`, [due, D1]);
    // Rows of enterprises that have had another date since: one dated by D2, one after it.
    await ds.query(`INSERT INTO tiering_due (due_on, uscc) VALUES ($1::date, $2), ('2027-06-01', $3)`, [
      D1,
      movedOn,
      later,
    ]);
    const rows = async (uscc: string) =>
      (
        await ds.query(`SELECT due_on::text AS due FROM tiering_due WHERE uscc = $1 ORDER BY due_on`, [uscc])
      ).map((r: { due: string }) => r.due);
    expect(await rows(due)).toContain(D1);

    expect(await services.runs.pruneDueLog(D2)).toBe(1);
    expect(await rows(due)).toContain(D1); // still due by D1: kept
    expect(await rows(movedOn)).not.toContain(D1); // its enterprise moved on: dropped
    expect(await rows(later)).toContain('2027-06-01'); // not dated by D2: left for its day

    // Its assessment's own date back (after D2): the row dated D1 now names nobody, and the daily
    // run of D2 re-tiers exactly the enterprises due by D2, then drops it.
    await ds.query(
      `UPDATE enterprises e SET next_tier_change_on = a.next_change_on
         FROM assessments a WHERE a.id = e.current_assessment_id AND e.uscc = $1`,
      [due],
    );
    await ds.query(`TRUNCATE reassessment_marks`);
    const dueByD2: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM enterprises WHERE next_tier_change_on <= $1::date ORDER BY uscc`,
      [D2],
    );
    expect(dueByD2.map((r) => r.uscc.trim())).not.toContain(due);
    const daily = await run({ type: 'due' }, D2);
    const reassessed: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM run_assessments WHERE run_id = $1 ORDER BY uscc`,
      [daily.id],
    );
    expect(reassessed.map((r) => r.uscc)).toEqual(dueByD2.map((r) => r.uscc));
    expect(await rows(due)).not.toContain(D1);

    // After a full run, the later-dated rows that are not their enterprise's date go as well: the
    // log then holds each enterprise's next date once.
    expect(await rows(later)).toContain('2027-06-01');
    const [{ stale }] = await ds.query(
      `SELECT count(*)::int AS stale FROM tiering_due d JOIN enterprises e USING (uscc)
        WHERE d.due_on > $1::date AND d.due_on IS DISTINCT FROM e.next_tier_change_on`,
      [D2],
    );
    expect(stale).toBeGreaterThan(0);
    await run({ type: 'all' }, D2); // its prune (runInline's, as the finish job's) takes them
    expect(await rows(later)).not.toContain('2027-06-01');
    // (an enterprise whose date moved away and back has that date's row twice)
    const [{ kept, dated }] = await ds.query(
      `SELECT (SELECT count(DISTINCT (uscc, due_on))::int FROM tiering_due WHERE due_on > $1::date) AS kept,
              (SELECT count(*)::int FROM enterprises e WHERE e.next_tier_change_on > $1::date
                  AND EXISTS (SELECT 1 FROM tiering_due d WHERE d.uscc = e.uscc AND d.due_on = e.next_tier_change_on)) AS dated`,
      [D2],
    );
    const [{ datedAll }] = await ds.query(
      `SELECT count(*)::int AS "datedAll" FROM enterprises WHERE next_tier_change_on > $1::date`,
      [D2],
    );
    expect(dated).toBe(datedAll); // every enterprise's next date is still in the log
    expect(kept).toBe(dated); // and nothing else
  }, 60_000);

  it('updates register rows in place: no index of the register reads a column a re-tier writes', async () => {
    // An index over such a column (or a predicate on one) would take every written assessment's
    // register update out of HOT: a new entry in each of the register's indexes, on scattered pages.
    const written = [
      'current_tier',
      'previous_tier',
      'current_assessment_id',
      'current_facts_known_at',
      'next_tier_change_on',
      'current_content_key',
      'current_as_of',
      'current_facts_key',
    ];
    const indexes: { def: string }[] = await ds.query(
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'enterprises'::regclass`,
    );
    expect(indexes.length).toBeGreaterThan(0);
    const reading = indexes.filter((i) => written.some((c) => new RegExp(`\\b${c}\\b`).test(i.def)));
    expect(reading.map((i) => i.def)).toEqual([]);
  });

  it('plans a daily run from the marks and the due in code order, in chunks of the run', async () => {
    const marked: { uscc: string }[] = await ds.query(
      `SELECT uscc FROM enterprises ORDER BY md5(uscc || 'chunks') LIMIT 12`,
    );
    await ds.query(`TRUNCATE reassessment_marks`);
    await ds.query(`INSERT INTO reassessment_marks (uscc) SELECT unnest($1::bpchar[])`, [
      marked.map((m) => m.uscc),
    ]);
    try {
      // and a few due by date, one of them marked too (the log names them: the trigger appends)
      const dated: { uscc: string }[] = await ds.query(
        `SELECT uscc FROM enterprises WHERE uscc <> ALL($1::bpchar[]) ORDER BY md5(uscc || 'dated') LIMIT 3`,
        [marked.map((m) => m.uscc)],
      );
      await ds.query(`UPDATE enterprises SET next_tier_change_on = $2::date WHERE uscc = ANY($1::bpchar[])`, [
        [...dated.map((d) => d.uscc), marked[0].uscc],
        D1,
      ]);
      const dueOrUntiered: { uscc: string }[] = await ds.query(
        `SELECT uscc FROM enterprises WHERE next_tier_change_on <= $1::date OR current_tier IS NULL`,
        [D1],
      );
      expect(dueOrUntiered.map((r) => r.uscc).sort()).toEqual(
        [...dated, marked[0]].map((r) => r.uscc).sort(),
      );
      const expected = [...new Set([...marked, ...dueOrUntiered].map((r) => r.uscc.trim()))].sort();
      expect(expected).toHaveLength(15);
      const created = await services.runs.create(
        { scope: { type: 'due' }, asOf: D1, trigger: 'manual', requestedBy: 'test', chunkSize: 5 },
        'inline',
      );
      const done = await services.runs.runInline(created.id);
      expect(done.status).toBe('completed');
      const chunks: { usccs: string[] }[] = await ds.query(
        `SELECT usccs::text[] AS usccs FROM assessment_run_chunks WHERE run_id = $1 ORDER BY chunk_no`,
        [done.id],
      );
      const cut = [];
      for (let i = 0; i < expected.length; i += 5) cut.push(expected.slice(i, i + 5));
      expect(chunks.map((c) => c.usccs.map((u) => u.trim()))).toEqual(cut);
      expect(done.progress).toMatchObject({ total: expected.length, done: expected.length });
    } finally {
      await ds.query(`TRUNCATE reassessment_marks`);
    }
  }, 60_000);
});
