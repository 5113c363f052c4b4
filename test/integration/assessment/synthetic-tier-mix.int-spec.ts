import { generateEnterprises, generateRecords } from '@app/ingestion';
import { DataSource } from 'typeorm';
import { assessmentServices, AssessmentServices } from '../../support/assessment';
import { ingestService } from '../../support/ingest';
import { TestEnv } from '../../support/test-env';

/**
 * The default tiering rule set on the synthetic population, through the real path (generated rows
 * ingested, one re-tier run): the tier mix the rules were written for, about A 65% / B 25% / C 8% /
 * D 2% (the bench brief). 10,000 enterprises, so one share is known to about ±0.5 points.
 */
describe('the default rule set on the synthetic population', () => {
  const N = 10_000;
  const AS_OF = '2026-11-01';
  let env: TestEnv;
  let ds: DataSource;
  let services: AssessmentServices;

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    services = assessmentServices(ds, env.config);
    const ingest = ingestService(ds, env.config);
    const population = { enterprises: N, seed: 1, asOf: AS_OF };
    function* numbered(rows: Iterable<Record<string, unknown>>) {
      let row = 0;
      for (const value of rows) yield { row: ++row, value };
    }
    const enterprises = await ingest.ingest('enterprises', numbered(generateEnterprises(population)), {
      actor: 'test',
    });
    const records = await ingest.ingest('records', numbered(generateRecords(population)), { actor: 'test' });
    expect([enterprises.rejectedRows, records.rejectedRows]).toEqual([[], []]);
  }, 120_000);
  afterAll(async () => {
    await services.queues.onApplicationShutdown();
    await env.dispose();
  });

  it('tiers about A 65% / B 25% / C 8% / D 2%', async () => {
    const created = await services.runs.create(
      { scope: { type: 'all' }, asOf: AS_OF, trigger: 'manual', requestedBy: 'test' },
      'inline',
    );
    const run = await services.runs.runInline(created.id);
    expect(run.status).toBe('completed');
    expect(run.progress.assessed).toBe(N);
    const target: Record<string, number> = { A: 65, B: 25, C: 8, D: 2 };
    for (const [tier, percent] of Object.entries(target)) {
      const share = (100 * (run.tiers[tier] ?? 0)) / N;
      expect({ tier, share, nearTarget: Math.abs(share - percent) <= 1.5 }).toMatchObject({
        tier,
        nearTarget: true,
      });
    }
  }, 60_000);
});
