import { AssessmentQueryService, AssessmentService, FactDeriver } from '@app/assessment';
import { shippedRuleSet } from '@app/rulesets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DemoSeed } from '../../../apps/cli/src/demo-seed';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

const ROOT = join(__dirname, '..', '..', '..');
const AS_OF = '2026-11-24';
interface Fixture {
  facts: Record<string, unknown>;
  expected: { tier: string; score: number };
}
const fixture = (key: string): Fixture =>
  JSON.parse(
    readFileSync(join(ROOT, 'test', 'fixtures', 'rules', 'tiering', `demo-${key}.json`), 'utf8'),
  ) as Fixture;

describe('the demo stories, tiered from the database with the shipped rule set', () => {
  let env: TestEnv;
  let ds: DataSource;
  let stories: { key: string; uscc: string }[];

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    const ingest = ingestService(ds, env.config);
    const demo = new DemoSeed(ingest);
    await demo.load();
    stories = demo.stories();
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('derives from the stored records the same facts the golden fixtures state by hand', async () => {
    const ruleSet = shippedRuleSet('tiering', AS_OF);
    const derived = await new FactDeriver(ruleSet.facts).derive(
      ds,
      stories.map((s) => s.uscc),
      AS_OF,
    );
    const byUscc = new Map(derived.map((d) => [d.uscc, d]));
    for (const story of stories) {
      const d = byUscc.get(story.uscc)!;
      expect({ story: story.key, facts: d.facts, underivable: d.underivable }).toEqual({
        story: story.key,
        facts: fixture(story.key).facts,
        underivable: [],
      });
    }
  });

  it('assesses every story into the expected tier, appends assessments and moves current tiers', async () => {
    const ruleSet = shippedRuleSet('tiering', AS_OF);
    const service = new AssessmentService(ds);
    const result = await service.assessBatch(
      ruleSet,
      stories.map((s) => s.uscc),
      { asOf: AS_OF, trigger: 'manual' },
    );
    expect(result.failed).toBe(0);
    expect(result.assessed).toBe(stories.length);
    const rows: {
      uscc: string;
      current_tier: string;
      score: number;
      fired: { rule: string; records: string[] }[];
    }[] = await ds.query(
      `SELECT e.uscc, e.current_tier, a.score, a.fired FROM enterprises e JOIN assessments a ON a.id = e.current_assessment_id`,
    );
    const byUscc = new Map(rows.map((r) => [r.uscc.trim(), r]));
    for (const story of stories) {
      const row = byUscc.get(story.uscc)!;
      expect({ story: story.key, tier: row.current_tier, score: row.score }).toEqual({
        story: story.key,
        tier: fixture(story.key).expected.tier,
        score: fixture(story.key).expected.score,
      });
    }
    // Explanations carry the records behind each factor.
    const food = byUscc.get(stories.find((s) => s.key === 'food-penalties')!.uscc)!;
    expect(food.fired.find((f) => f.rule === 'general-penalty')?.records).toHaveLength(2);
    // The stored facts are the very text the input digest was taken of: checkable in SQL alone.
    const stored: { matching: number; all: number }[] = await ds.query(
      `SELECT count(*) FILTER (WHERE encode(sha256(convert_to(facts::text, 'UTF8')), 'hex') = input_digest)::int AS matching,
              count(*)::int AS all FROM assessments`,
    );
    expect(stored[0]).toEqual({ matching: stories.length, all: stories.length });

    // Re-assessing the same facts under the same version gives the same digest and no tier change.
    const again = await service.assessBatch(
      ruleSet,
      stories.map((s) => s.uscc),
      { asOf: AS_OF, trigger: 'manual' },
    );
    expect(again.changed).toBe(0);
    const digests: { n: number }[] = await ds.query(
      `SELECT count(DISTINCT input_digest)::int AS n FROM assessments GROUP BY uscc HAVING count(*) = 2`,
    );
    expect(digests.every((d) => d.n === 1)).toBe(true);
    expect(digests).toHaveLength(stories.length);

    // The summary: no movement after identical re-assessments; then one enterprise moves A → C.
    const queries = new AssessmentQueryService(ds);
    const steady = await queries.summary({});
    expect(steady).toMatchObject({
      total: stories.length,
      unassessed: 0,
      firstAssessed: 0,
      changeSincePrevious: {},
    });
    const model = stories.find((s) => s.key === 'model-a')!.uscc;
    const [moved] = await ds.query(
      `INSERT INTO assessments (uscc, tier, score, rule_set_kind, rule_set_version, as_of, input_digest, facts, trigger, facts_known_at)
       VALUES ($1, 'C', 60, 'tiering', 'test', now(), repeat('1', 64), '{}', 'manual', now()) RETURNING id`,
      [model],
    );
    await ds.query(`UPDATE enterprises SET current_tier = 'C', current_assessment_id = $2 WHERE uscc = $1`, [
      model,
      moved.id,
    ]);
    const after = await queries.summary({});
    expect(after.changeSincePrevious).toEqual({ A: -1, C: 1 });
    expect(after.tiers.C).toBe(steady.tiers.C + 1);
    expect((await queries.summary({ regions: ['3301'] })).total).toBe(
      stories.filter((s) => s.uscc.startsWith('913301')).length,
    );

    // A batch computed from older facts does not replace a current tier computed from newer ones.
    const [newer] = await ds.query(
      `INSERT INTO assessments (uscc, tier, score, rule_set_kind, rule_set_version, as_of, input_digest, facts, trigger, facts_known_at)
       VALUES ($1, 'C', 60, 'tiering', 'test', now(), repeat('2', 64), '{}', 'manual', now() + interval '1 hour') RETURNING id`,
      [model],
    );
    await ds.query(
      `UPDATE enterprises SET current_tier = 'C', current_assessment_id = $2,
              current_facts_known_at = now() + interval '1 hour' WHERE uscc = $1`,
      [model, newer.id],
    );
    const stale = await new AssessmentService(ds).assessBatch(ruleSet, [model], {
      asOf: AS_OF,
      trigger: 'manual',
    });
    expect(stale).toMatchObject({ assessed: 1, changed: 0 });
    const [current] = await ds.query(
      `SELECT current_tier, current_assessment_id FROM enterprises WHERE uscc = $1`,
      [model],
    );
    expect(current).toEqual({ current_tier: 'C', current_assessment_id: newer.id });
  });

  it("stores a fired rule's legal basis with the assessment, as the explanation cites it", async () => {
    const shipped = shippedRuleSet('tiering', AS_OF);
    const basis = { title: '市场监督管理信用监管办法', article: '第十二条', url: 'https://www.samr.gov.cn/' };
    const ruleSet = {
      ...shipped,
      version: 'basis-test',
      rules: shipped.rules.map((r) => (r.name === 'general-penalty' ? { ...r, basis } : r)),
    };
    const food = stories.find((s) => s.key === 'food-penalties')!.uscc;
    await new AssessmentService(ds).assessBatch(ruleSet, [food], { asOf: AS_OF, trigger: 'manual' });
    const [row]: { fired: { rule: string; basis?: unknown }[] }[] = await ds.query(
      `SELECT fired FROM assessments WHERE uscc = $1 AND rule_set_version = 'basis-test'`,
      [food],
    );
    expect(row.fired.find((f) => f.rule === 'general-penalty')?.basis).toEqual(basis);
    expect(row.fired.filter((f) => f.basis !== undefined)).toHaveLength(1);
  });
});
