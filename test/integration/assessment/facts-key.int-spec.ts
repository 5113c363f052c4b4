import { contentKey, factsKeyPrefix, FactDeriver } from '@app/assessment';
import { generateEnterprises, generateRecords } from '@app/ingestion';
import type { RuleSetDocument } from '@app/rules';
import { DataSource } from 'typeorm';
import { assessmentServices, AssessmentServices } from '../../support/assessment';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * A run confirms, without evaluating them again, the enterprises whose facts are value for value
 * those their current assessment was evaluated from (issue #17 §8): the fact query digests each row
 * (the facts key) under the rule set and version, and the register keeps the key of the current
 * assessment. What the run decides must be what evaluating everyone would decide.
 */
describe('the facts key: a run confirms unchanged facts without evaluating them', () => {
  const N = 400;
  const D0 = '2026-10-01';
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  let ruleSet: RuleSetDocument;
  let deriver: FactDeriver;

  function* numbered(rows: Iterable<Record<string, unknown>>) {
    let row = 0;
    for (const value of rows) yield { row: ++row, value };
  }

  const run = async (asOf: string) => {
    const created = await s.runs.create(
      { scope: { type: 'all' }, asOf, trigger: 'scheduled', requestedBy: 'test' },
      'inline',
    );
    const done = await s.runs.runInline(created.id);
    expect(done.status).toBe('completed');
    return done;
  };

  const usccs = async (): Promise<string[]> =>
    (await ds.query(`SELECT uscc FROM enterprises ORDER BY uscc`)).map((r: { uscc: string }) => r.uscc);

  /**
   * Every enterprise's current tier and content key against those evaluating its facts now would
   * give (no key: everything evaluated), as the enterprises that differ.
   */
  const differingFromEvaluation = async (asOf: string) => {
    const all = await usccs();
    const evaluated = await s.assessments.dryRun(ruleSet, all, asOf, new Date());
    const current = new Map<string, { tier: string; key: string }>(
      (await ds.query(`SELECT uscc, current_tier AS tier, current_content_key AS key FROM enterprises`)).map(
        (r: { uscc: string; tier: string; key: string }) => [r.uscc.trim(), r],
      ),
    );
    return evaluated.filter((a) => {
      const c = current.get(a.uscc)!;
      return c.tier !== a.tier || c.key !== contentKey(ruleSet.kind, ruleSet.version, a);
    });
  };

  beforeAll(async () => {
    env = await TestEnv.create({ ASSESSMENT_CHUNK_SIZE: '100' });
    ds = await env.dataSource();
    s = assessmentServices(ds, env.config);
    const ingest = ingestService(ds, env.config);
    const population = { enterprises: N, seed: 7, asOf: D0 };
    await ingest.ingest('enterprises', numbered(generateEnterprises(population)), { actor: 'test' });
    await ingest.ingest('records', numbered(generateRecords(population)), { actor: 'test' });
    ({ ruleSet } = await s.ruleSets.inForce('tiering', D0));
    deriver = new FactDeriver(ruleSet.facts);
    await run(D0);
  }, 120_000);
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('records the key of every current assessment; the fact query then finds each row unchanged under the same version only', async () => {
    const all = await usccs();
    const stored = new Map<string, string | null>(
      (await ds.query(`SELECT uscc, current_facts_key AS k FROM enterprises`)).map(
        (r: { uscc: string; k: string | null }) => [r.uscc.trim(), r.k],
      ),
    );
    expect([...stored.values()].filter((k) => k === null)).toEqual([]);

    const same = await deriver.derive(ds, all, D0, new Date(), {
      prefix: factsKeyPrefix(ruleSet),
      confirm: true,
    });
    expect(same.filter((d) => !d.unchanged).map((d) => d.uscc)).toEqual([]);
    // An unchanged row comes back without its facts: nothing to read or evaluate.
    expect(same.every((d) => Object.keys(d.facts).length === 0 && d.standing?.tier)).toBe(true);

    // Without leave to confirm (a single re-tier), the facts come back whole, with the same keys.
    const whole = await deriver.derive(ds, all, D0, new Date(), {
      prefix: factsKeyPrefix(ruleSet),
      confirm: false,
    });
    expect(whole.some((d) => d.unchanged)).toBe(false);
    expect(whole.every((d) => d.factsKey === stored.get(d.uscc) && Object.keys(d.facts).length > 0)).toBe(
      true,
    );
    // Another version (or no key at all) never matches.
    const other = await deriver.derive(ds, all, D0, new Date(), {
      prefix: factsKeyPrefix({ kind: 'tiering', version: `${ruleSet.version}.1` }),
      confirm: true,
    });
    expect(other.filter((d) => d.unchanged)).toEqual([]);
    expect((await deriver.derive(ds, all, D0)).every((d) => !d.unchanged && d.factsKey === null)).toBe(true);
  });

  it('confirms the unchanged and evaluates the changed, deciding what evaluating everyone decides', async () => {
    const [x] = (await usccs()).slice(17, 18);
    const before: { tier: string; key: string } = (
      await ds.query(
        `SELECT current_tier AS tier, current_facts_key AS key FROM enterprises WHERE uscc = $1`,
        [x],
      )
    )[0];
    // Two penalties for one enterprise: its facts change (and so does its key).
    await ingestService(ds, env.config).ingest(
      'records',
      numbered(
        [1, 2].map((n) => ({
          uscc: x.trim(),
          type: 'administrative_penalty',
          source: 'facts-key-test',
          sourceRecordId: `fk-${n}`,
          severity: 'serious',
          occurredOn: '2026-09-2' + n,
          payload: { measure: 'fine', amount: '50000.00' },
        })),
      ),
      { actor: 'test' },
    );
    const again = await run(D0);
    expect(again.progress).toMatchObject({ assessed: N, failed: 0, confirmed: N - 1 });
    const [written] = await ds.query(`SELECT uscc FROM assessments WHERE run_id = $1`, [again.id]);
    expect(written.uscc).toBe(x);
    const after: { tier: string; key: string } = (
      await ds.query(
        `SELECT current_tier AS tier, current_facts_key AS key FROM enterprises WHERE uscc = $1`,
        [x],
      )
    )[0];
    expect(after.key).not.toBe(before.key);
    expect(await differingFromEvaluation(D0)).toEqual([]);
  });

  it('records the key of an assessment it confirmed by evaluating (a register row without a key)', async () => {
    const some = (await usccs()).slice(0, 10);
    await ds.query(`UPDATE enterprises SET current_facts_key = NULL WHERE uscc = ANY($1::bpchar[])`, [some]);
    const derived = await deriver.derive(ds, some, D0, new Date(), {
      prefix: factsKeyPrefix(ruleSet),
      confirm: true,
    });
    expect(derived.filter((d) => d.unchanged)).toEqual([]);
    const again = await run(D0);
    // Evaluated again, they say what they said: confirmed, and keyed for the next run.
    expect(again.progress).toMatchObject({ assessed: N, confirmed: N });
    const keyed = await deriver.derive(ds, some, D0, new Date(), {
      prefix: factsKeyPrefix(ruleSet),
      confirm: true,
    });
    expect(keyed.filter((d) => !d.unchanged).map((d) => d.uscc)).toEqual([]);
    // The register rows were not otherwise moved.
    expect(
      Number(
        (
          await ds.query(
            `SELECT count(*) AS n FROM enterprises WHERE previous_tier IS DISTINCT FROM current_tier`,
          )
        )[0].n,
      ),
    ).toBe(0);
  });

  it('never confirms by key an assessment as of a later date (a late run writes its own), and a single re-tier always writes', async () => {
    const late = await run('2026-09-15');
    expect(late.progress.confirmed).toBe(0);
    expect(
      Number((await ds.query(`SELECT count(*) AS n FROM assessments WHERE run_id = $1`, [late.id]))[0].n),
    ).toBe(N);

    const [x] = (await usccs()).slice(3, 4);
    const current = async () =>
      (
        await ds.query(
          `SELECT current_assessment_id AS id, current_facts_key AS key FROM enterprises WHERE uscc = $1`,
          [x],
        )
      )[0];
    const before = await current();
    const result = await s.assessments.assessBatch(ruleSet, [x], { asOf: '2026-09-15', trigger: 'manual' });
    expect(result).toMatchObject({ assessed: 1, confirmed: 0 });
    const after = await current();
    expect(after.id).not.toBe(before.id);
    expect(after.key).toBe(before.key);
  });
});
