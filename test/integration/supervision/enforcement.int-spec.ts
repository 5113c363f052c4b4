import { parseInput } from '@app/ingestion';
import { RuleSetStore } from '@app/rulesets';
import { EnforcementService } from '@app/supervision';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestDeps, ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

describe('soft enforcement: 首违不罚, soft measures in order during observation, penalties with their reason', () => {
  let env: TestEnv;
  let ds: DataSource;
  let enforcement: EnforcementService;
  const PLAIN = usccOf(601);
  const OBSERVED = usccOf(602);
  const FOOD = usccOf(603);
  const violation = (extra: Record<string, unknown> = {}) => ({
    item: 'price-tag-missing',
    severity: 'minor',
    harm: 'minor',
    correctedInTime: true,
    occurredOn: '2026-11-20',
    ...extra,
  });
  const recommend = (uscc: string, extra: Record<string, unknown> = {}) =>
    enforcement.recommend({ uscc, violation: violation(extra) });

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    const [, audit, changeFeed] = ingestDeps(ds, env.config);
    enforcement = new EnforcementService(ds, new RuleSetStore(ds), audit, changeFeed);
    await ingestService(ds, env.config).ingest(
      'enterprises',
      parseInput(
        'json',
        Readable.from([
          JSON.stringify([
            enterpriseRow(601, { tags: [], industryCode: 'F5191' }),
            enterpriseRow(602, { tags: ['new-business-form'], industryCode: 'I6531', newBusinessForm: true }),
            enterpriseRow(603),
          ]),
        ]),
      ),
      { actor: 'test' },
    );
    await ds.query(
      `INSERT INTO observation_periods (id, uscc, source, started_on, ends_on, start_reason, started_by)
       VALUES ('018f0000-0000-7000-8000-000000000602', $1, 'rule', '2026-06-01', '2028-05-31', '新业态', 'rule:observation@2026.1')`,
      [OBSERVED],
    );
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('recommends 首违不罚 for a first minor violation on the list, then a penalty for the repeat once the first is recorded', async () => {
    const first = await recommend(PLAIN);
    expect(first).toMatchObject({
      measure: 'no_penalty',
      measureName: '首违不罚 (责令改正并教育)',
      ruleSet: { kind: 'enforcement', version: '2026.1' },
      facts: { similar_before: 0, first_offence_item: true, in_observation: false },
    });
    expect(first.reasons[0]).toMatchObject({ rule: 'first-offence-no-penalty' });
    expect(first.firstOffenceList).toMatch(/P2Y/);
    const marks = async (): Promise<number> =>
      ((await ds.query(`SELECT changes FROM reassessment_marks WHERE uscc = $1`, [PLAIN]))[0]?.changes as
        number | undefined) ?? 0;
    const marksBefore = await marks();
    await enforcement.record(
      {
        uscc: PLAIN,
        item: 'price-tag-missing',
        measure: 'no_penalty',
        decidedOn: '2026-11-21',
        reason: '首违不罚',
      },
      'alice',
    );
    const repeat = await recommend(PLAIN, { occurredOn: '2026-12-01' });
    expect(repeat).toMatchObject({ measure: 'penalty', facts: { similar_before: 1 } });
    expect(repeat.reasons[0]).toMatchObject({
      rule: 'penalty-repeat',
      reason: '过罚相当: 回溯期内重复违法, 依法处罚',
    });
    // Outside the two-year look-back the old one no longer counts.
    expect((await recommend(PLAIN, { occurredOn: '2028-12-01' })).measure).toBe('no_penalty');
    // The measure is also a credit record the tiering rule sets can read.
    const records = await ds.query(
      `SELECT type, occurred_on::text, source, payload FROM credit_records WHERE uscc = $1 AND type = 'enforcement_measure'`,
      [PLAIN],
    );
    expect(records).toEqual([
      {
        type: 'enforcement_measure',
        occurred_on: '2026-11-21',
        source: 'tierwatch-enforcement',
        payload: { measure: 'no_penalty', item: 'price-tag-missing', reason: '首违不罚' },
      },
    ]);
    // …and the enterprise is on the change feed, re-tiered once quiet like any changed record.
    expect(await marks()).toBe(marksBefore + 1);
    const [audit] = await ds.query(
      `SELECT actor, data FROM audit_log WHERE action = 'enforcement.measure_recorded'`,
    );
    expect(audit).toMatchObject({ actor: 'regulator:alice', data: { uscc: PLAIN, measure: 'no_penalty' } });
  });

  it('steps through 行政指导 → 行政约谈 → 警示告诫 in observation, the next after the last recorded, then a penalty', async () => {
    const steps: string[] = [];
    for (let i = 0; i < 4; i++) {
      const item = `item-${i}`; // a different item each time: not a repeat
      const r = await recommend(OBSERVED, { item, severity: 'general', occurredOn: '2026-11-20' });
      steps.push(r.measure);
      if (r.measure !== 'penalty')
        await enforcement.record(
          {
            uscc: OBSERVED,
            item,
            measure: r.measure,
            decidedOn: `2026-11-2${i}`,
            reason: r.reasons[0].reason,
          },
          'alice',
        );
    }
    expect(steps).toEqual(['guidance', 'talk', 'warning', 'penalty']);
  });

  it('recommends a penalty in a red-line field and for malicious conduct, naming the reason', async () => {
    const food = await recommend(FOOD);
    expect(food.reasons[0]).toMatchObject({ rule: 'penalty-red-line', measure: 'penalty' });
    const malicious = await recommend(OBSERVED, { item: 'other', malicious: true });
    expect(malicious.reasons[0].reason).toBe('过罚相当: 主观恶意, 依法处罚');
    await expect(recommend(usccOf(699))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
