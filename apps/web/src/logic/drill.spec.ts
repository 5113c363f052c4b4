import { drillFilter, filterOf, isFullCode, listQuery } from './drill';

describe('dashboard click-through and the enterprise list query', () => {
  it('opens the tier clicked on the distribution within the filters', () => {
    expect(drillFilter('distribution', { dataIndex: 2 }, [], { region: '35', industry: '' })).toEqual({
      region: '35',
      industry: undefined,
      tier: 'C',
    });
    expect(drillFilter('distribution', { dataIndex: 9 }, [], {})).toBeNull();
  });

  it('opens the region or industry row and the tier series clicked on a breakdown', () => {
    const rows = [{ code: '33' }, { code: '35' }];
    expect(drillFilter('region', { dataIndex: 1, seriesName: 'D' }, rows, { industry: 'F' })).toEqual({
      region: '35',
      industry: 'F',
      tier: 'D',
    });
    expect(
      drillFilter('industry', { dataIndex: 0, seriesName: 'A' }, [{ code: 'C' }], { region: '3301' }),
    ).toEqual({
      region: '3301',
      industry: 'C',
      tier: 'A',
    });
    expect(drillFilter('region', { dataIndex: 5, seriesName: 'A' }, rows, {})).toBeNull();
  });

  it('round-trips the filters through the route query, leaving out empty ones and page 1', () => {
    expect(listQuery({ q: ' 海峡 ', region: '', industry: 'f5', tier: 'C', page: 1 })).toEqual({
      q: '海峡',
      industry: 'F5',
      tier: 'C',
    });
    expect(filterOf({ tier: 'B', page: '3', other: 'x' })).toEqual({
      q: '',
      region: '',
      industry: '',
      tier: 'B',
      page: 3,
    });
    expect(filterOf({ page: 'nope' }).page).toBe(1);
  });

  it('tells a full code from a search text', () => {
    expect(isFullCode('91350102MA2185DF48')).toBe(true);
    expect(isFullCode('9135')).toBe(false);
    expect(isFullCode('福州鼓楼海峡贸易有限公司福州鼓楼海峡贸')).toBe(false);
  });
});
