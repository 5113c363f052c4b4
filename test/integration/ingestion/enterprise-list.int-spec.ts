import { makeUscc } from '@app/domain';
import { EnterpriseService } from '@app/ingestion';
import { DataSource } from 'typeorm';
import { TestEnv } from '../../support/test-env';

/**
 * GET /enterprises (the console's search and the dashboard's click-through): filters by region
 * prefixes, industry, current tier and a search text that is a code prefix or a part of the name;
 * pages in code order with an exact total; the name search uses the trigram index at scale.
 */
describe('the enterprise list', () => {
  let env: TestEnv;
  let ds: DataSource;
  let service: EnterpriseService;
  const rows = [
    { region: '350102', body: 'MA2185DF', name: '福州鼓楼海峡贸易有限公司', industry: 'F5191', tier: 'A' },
    { region: '350102', body: 'MA2185DG', name: '福州鼓楼百分之百_食品店', industry: 'F5221', tier: 'C' },
    { region: '350103', body: 'MA2185DH', name: '福州台江海峡物流有限公司', industry: 'G5430', tier: 'C' },
    { region: '330106', body: 'MA2185DJ', name: '杭州西湖海峡科技有限公司', industry: 'I6510', tier: 'B' },
    { region: '330106', body: 'MA2185DK', name: 'Hangzhou West Lake Tea Co', industry: 'C1530', tier: null },
  ].map((r) => ({ ...r, uscc: makeUscc({ region: r.region, orgBody: r.body }) }));
  const codes = (result: { items: { uscc: string }[] }) => result.items.map((i) => i.uscc);
  const all = { regions: null, limit: 100, offset: 0 };

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    service = new EnterpriseService(ds);
    for (const r of rows) {
      await ds.query(
        `INSERT INTO enterprises (uscc, name, region_code, industry_code, established_on, current_tier)
         VALUES ($1, $2, $3, $4, '2020-01-01', $5)`,
        [r.uscc, r.name, r.region, r.industry, r.tier],
      );
    }
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('finds by a part of the name, literally (a % or _ typed is no wildcard)', async () => {
    const strait = await service.list({ ...all, q: '海峡' });
    expect(codes(strait)).toEqual([rows[0].uscc, rows[2].uscc, rows[3].uscc].sort());
    expect(strait.total).toBe(3);
    expect(codes(await service.list({ ...all, q: 'west lake' }))).toEqual([rows[4].uscc]);
    expect(codes(await service.list({ ...all, q: '百分之百_' }))).toEqual([rows[1].uscc]);
    expect(codes(await service.list({ ...all, q: '鼓楼_' }))).toEqual([]);
    expect(codes(await service.list({ ...all, q: '%%' }))).toEqual([]);
  });

  it('finds by a code prefix, in capitals or not', async () => {
    expect(codes(await service.list({ ...all, q: rows[2].uscc.slice(0, 6) }))).toEqual(
      [rows[0].uscc, rows[1].uscc, rows[2].uscc].sort(),
    );
    expect(codes(await service.list({ ...all, q: rows[3].uscc.toLowerCase() }))).toEqual([rows[3].uscc]);
    expect(codes(await service.list({ ...all, q: '9133' }))).toEqual([rows[3].uscc, rows[4].uscc].sort());
  });

  it('keeps to the regions, industry and tier asked, with the total of the filter', async () => {
    const fujian = await service.list({ ...all, regions: ['35'] });
    expect(fujian.total).toBe(3);
    expect(codes(await service.list({ ...all, regions: ['350102', '330106'], q: '海峡' }))).toEqual(
      [rows[0].uscc, rows[3].uscc].sort(),
    );
    expect(codes(await service.list({ ...all, tier: 'C' }))).toEqual([rows[1].uscc, rows[2].uscc].sort());
    expect(codes(await service.list({ ...all, industry: 'F5' }))).toEqual(
      [rows[0].uscc, rows[1].uscc].sort(),
    );
    expect((await service.list({ ...all, regions: ['99'] })).total).toBe(0);
    expect((await service.list({ ...all, regions: ['35'], tier: 'C' })).items[0]).toEqual({
      uscc: rows[1].uscc,
      name: rows[1].name,
      regionCode: '350102',
      industryCode: 'F5221',
      currentTier: 'C',
      newBusinessForm: false,
      isPlatform: false,
    });
  });

  it('pages in code order with the total of every page', async () => {
    const sorted = rows.map((r) => r.uscc).sort();
    const first = await service.list({ ...all, limit: 2, offset: 0 });
    const third = await service.list({ ...all, limit: 2, offset: 4 });
    const beyond = await service.list({ ...all, limit: 2, offset: 10 });
    expect(codes(first)).toEqual(sorted.slice(0, 2));
    expect(codes(third)).toEqual(sorted.slice(4));
    expect([first.total, third.total, beyond.total]).toEqual([5, 5, 5]);
    const named = await service.list({ ...all, q: '有限公司', limit: 1, offset: 1 });
    expect(named).toMatchObject({
      total: 3,
      items: [{ uscc: [rows[0].uscc, rows[2].uscc, rows[3].uscc].sort()[1] }],
    });
  });

  it('answers a name search from the trigram index', async () => {
    await ds.query(`SET enable_seqscan = off`);
    const plan: { 'QUERY PLAN': string }[] = await ds.query(
      `EXPLAIN SELECT uscc FROM enterprises WHERE name ILIKE '%海峡贸易%' ORDER BY uscc LIMIT 20`,
    );
    await ds.query(`RESET enable_seqscan`);
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/ix_enterprises_name_trgm/);
  });
});
