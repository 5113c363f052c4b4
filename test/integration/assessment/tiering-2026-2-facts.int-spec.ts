import { parseInput } from '@app/ingestion';
import { shippedRuleSet } from '@app/rulesets';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AssessmentServices, assessmentServices } from '../../support/assessment';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * tiering 2026.2 reads facts other modules keep: soft enforcement measures (credit records of type
 * enforcement_measure, libs/supervision), open investment warnings (libs/capital) and the latest
 * platform-compliance grade. The assessment path derives them in its one set-based fact query per
 * batch, like every other fact.
 */
describe('tiering 2026.2: soft measures, open investment warnings and the platform grade reach the rules', () => {
  let env: TestEnv;
  let ds: DataSource;
  let s: AssessmentServices;
  const [A, B, C] = [usccOf(31), usccOf(32), usccOf(33)];
  const asOf = '2026-12-01';
  const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
  const measure = (uscc: string, id: string, kind: string, decidedOn: string) =>
    ds.query(
      `INSERT INTO credit_records (uscc, type, occurred_on, source, source_record_id, payload)
       VALUES ($1, 'enforcement_measure', $2, 'tierwatch-enforcement', $3, $4::jsonb)`,
      [uscc, decidedOn, id, JSON.stringify({ measure: kind, item: 'price-tag-missing', reason: 'test' })],
    );
  const warning = (uscc: string, light: string, extra = '') =>
    ds.query(
      `INSERT INTO investment_warnings (uscc, region_code, light, rule_set_version, opened_at${extra ? ', status, resolved_at' : ''})
       VALUES ($1, '330106', $2, '2026.1', '2026-11-01T10:00:00+08:00'${extra})`,
      [uscc, light],
    );
  const grade = (uscc: string, value: string, on: string) =>
    ds.query(
      `INSERT INTO platform_compliance_grades (uscc, grade, rule_set_version, evaluated_on, recorded_by, findings, facts)
       VALUES ($1, $2, '2026.1', $3, 'regulator:test', '[]', '{}')`,
      [uscc, value, on],
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    s = assessmentServices(ds, env.config);
    await ingestService(ds, env.config).ingest(
      'enterprises',
      json([31, 32, 33].map((i) => enterpriseRow(i, { establishedOn: '2020-01-01', tags: [] }))),
      { actor: 'test' },
    );
    // A: two soft measures (a talk and a warning) in the last year, guidance and 首违不罚 besides
    // (not counted), one talk two years ago (outside the window); an open red warning; graded poor,
    // then good later (the latest counts).
    await measure(A, 'M-1', 'talk', '2026-03-01');
    await measure(A, 'M-2', 'warning', '2026-09-15');
    await measure(A, 'M-3', 'guidance', '2026-10-01');
    await measure(A, 'M-4', 'no_penalty', '2026-10-02');
    await measure(A, 'M-5', 'talk', '2024-06-01');
    await warning(A, 'red');
    await grade(A, 'poor', '2026-06-01');
    await grade(A, 'good', '2026-11-20');
    // B: one talk only; an open yellow warning and a resolved red one; graded poor.
    await measure(B, 'M-6', 'talk', '2026-08-01');
    await warning(B, 'yellow');
    await warning(B, 'red', `, 'resolved', '2026-11-10T10:00:00+08:00'`);
    await grade(B, 'poor', '2026-11-01');
    // C: nothing of it: the defaults (0 and none).
  });
  afterAll(async () => {
    await s.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('derives each new fact set-based for the batch and scores it', async () => {
    const ruleSet = shippedRuleSet('tiering', '2027-01-04');
    expect(ruleSet.version).toBe('2026.2');
    const assessed = await s.assessments.dryRun(ruleSet, [A, B, C], asOf, new Date());
    const byUscc = new Map(assessed.map((a) => [a.uscc, a]));
    const view = (uscc: string) => {
      const a = byUscc.get(uscc)!;
      const facts = JSON.parse(a.facts) as Record<string, unknown>;
      return {
        facts: {
          soft_measures_1y: facts.soft_measures_1y,
          open_red_warnings: facts.open_red_warnings,
          open_yellow_warnings: facts.open_yellow_warnings,
          platform_compliance_grade: facts.platform_compliance_grade,
        },
        fired: a.fired.map((f) => f.rule),
        score: a.score,
        tier: a.tier,
      };
    };
    expect(view(A)).toEqual({
      facts: {
        soft_measures_1y: 2,
        open_red_warnings: 1,
        open_yellow_warnings: 0,
        platform_compliance_grade: 'good',
      },
      fired: ['investment-red-warning', 'soft-measures-repeated', 'platform-compliance-good'],
      score: 100 - 10 - 3 + 2,
      tier: 'B',
    });
    expect(view(B)).toEqual({
      facts: {
        soft_measures_1y: 1,
        open_red_warnings: 0,
        open_yellow_warnings: 1,
        platform_compliance_grade: 'poor',
      },
      fired: ['investment-yellow-warning', 'platform-compliance-poor'],
      score: 100 - 3 - 5,
      tier: 'A',
    });
    expect(view(C)).toEqual({
      facts: {
        soft_measures_1y: 0,
        open_red_warnings: 0,
        open_yellow_warnings: 0,
        platform_compliance_grade: 'none',
      },
      fired: [],
      score: 100,
      tier: 'A',
    });
    // The records behind the soft-measure reason are the two counted measures.
    const soft = byUscc.get(A)!.fired.find((f) => f.rule === 'soft-measures-repeated')!;
    const ids: { id: string }[] = await ds.query(
      `SELECT id::text AS id FROM credit_records WHERE source_record_id IN ('M-1','M-2') ORDER BY id`,
    );
    expect([...(soft.records ?? [])].sort()).toEqual(ids.map((r) => r.id).sort());
  });

  it('2026.1 (in force today) ignores them', async () => {
    const ruleSet = shippedRuleSet('tiering', asOf);
    expect(ruleSet.version).toBe('2026.1');
    const [a] = await s.assessments.dryRun(ruleSet, [A], asOf, new Date());
    expect(a.fired.map((f) => f.rule)).toEqual([]);
    expect(a.score).toBe(100);
  });
});
