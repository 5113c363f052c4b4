import { shippedRuleSet } from '@app/rulesets';
import { compileRules } from '@app/rules';
import { loadCapitalData } from '../data/capital-data.loader';
import { rulesDirectory } from '@app/rulesets';
import { evaluateLight } from './evaluate-light';
import { industrySection } from './industry-section.util';
import { deriveLightFacts, GroupView, LightEventInput } from './light-facts';
import { checkMerger, thresholdsOn } from './merger-check';
import { NegativeList } from './negative-list';

const data = loadCapitalData(rulesDirectory());
const ruleSet = shippedRuleSet('investment-light', '2026-06-01');
const { evaluator } = compileRules(ruleSet.rules);

const yuan = (bn: string) => `${bn}.00`;

describe('merger filing thresholds (rules/data/merger-thresholds.json)', () => {
  const before = thresholdsOn(data.thresholds, '2024-01-21')!;
  const after = thresholdsOn(data.thresholds, '2024-01-22')!;

  it('switches to 国务院令第773号 on 2024-01-22 and uses the 2008 numbers the day before', () => {
    expect(before.version).toBe('2008');
    expect(after.version).toBe('2024');
    expect(after.instrument).toContain('第773号');
  });

  // Two parties, China turnover each 4.1 bn (above both per-party numbers); the combined global
  // turnover is the edge under test (China combined 8.2 bn meets both China numbers, so we set it
  // off by making per-party China turnover the edge in the next block).
  const party = (name: string, global: string, china: string) => ({
    name,
    globalTurnover: global,
    chinaTurnover: china,
  });

  it.each([
    ['2024', 'just below', '11999999999.99', false],
    ['2024', 'at', '12000000000.00', false],
    ['2024', 'just above', '12000000000.01', true],
    ['2008', 'just below', '9999999999.99', false],
    ['2008', 'at', '10000000000.00', false],
    ['2008', 'just above', '10000000000.01', true],
  ])(
    'combined global turnover under the %s numbers, %s the threshold → mustNotify %s',
    (version, _edge, combined, notify) => {
      const t = version === '2024' ? after : before;
      // China turnover small enough to miss the China prong, each party above the per-party number.
      const perPartyChina = version === '2024' ? '900000000.00' : '500000000.00';
      const half = BigInt(combined.replace('.', ''));
      const a = half / 2n;
      const b = half - a;
      const fmt = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
      const result = checkMerger([party('A', fmt(a), perPartyChina), party('B', fmt(b), perPartyChina)], t);
      expect(result.combined.global).toBe(combined);
      expect(result.mustNotify).toBe(notify);
      expect(result.thresholds.version).toBe(version);
    },
  );

  it.each([
    ['2024-01-22', '799999999.99', false],
    ['2024-01-22', '800000000.00', false],
    ['2024-01-22', '800000000.01', true],
    ['2024-01-21', '399999999.99', false],
    ['2024-01-21', '400000000.00', false],
    ['2024-01-21', '400000000.01', true],
  ])('on %s the second party China turnover %s → mustNotify %s', (day, china, notify) => {
    const t = thresholdsOn(data.thresholds, day)!;
    const result = checkMerger(
      [party('A', yuan('20000000000'), yuan('5000000000')), party('B', china, china)],
      t,
    );
    expect(result.mustNotify).toBe(notify);
  });

  it('judges the same deal differently on both sides of the switch', () => {
    // Combined China 3 bn (above 2 bn, below 4 bn), both parties 1.5 bn in China.
    const deal = [
      party('A', yuan('1500000000'), yuan('1500000000')),
      party('B', yuan('1500000000'), yuan('1500000000')),
    ];
    expect(checkMerger(deal, before).mustNotify).toBe(true);
    const now = checkMerger(deal, after);
    expect(now.mustNotify).toBe(false);
    expect(now.proximityPercent).toBe(75);
    expect(now.reasons.join(' ')).toContain('may still be required');
  });
});

describe('industry sections (GB/T 4754)', () => {
  it.each([
    ['C3911', 'C'],
    ['6630', 'J'],
    ['I64', 'I'],
    ['F', 'F'],
    ['51', 'F'],
  ])('%s is in section %s', (code, section) => expect(industrySection(code)).toBe(section));
});

const group = (over: Partial<GroupView> = {}): GroupView => ({
  members: ['INVESTOR'],
  coreSections: ['I'],
  acquisitionsInWindow: 1,
  acquisitionIds: ['1'],
  window: 'P12M',
  ...over,
});
const event = (over: Partial<LightEventInput> = {}): LightEventInput => ({
  kind: 'acquisition',
  occurredOn: '2026-03-01',
  investorName: '某平台公司',
  targetName: '某软件公司',
  targetIndustryCode: 'I6510',
  targetFinancialLicence: false,
  notified: false,
  investorTurnover: { global: yuan('100000000'), china: yuan('100000000') },
  targetTurnover: { global: yuan('10000000'), china: yuan('10000000') },
  ...over,
});

async function lightOf(e: LightEventInput, g = group(), list: NegativeList = data.negativeList) {
  const derived = deriveLightFacts(e, g, list, data.thresholds);
  return { ...(await evaluateLight(ruleSet, evaluator, derived.attributes)), evidence: derived.evidence };
}

describe('investment-light 2026.1: golden lights', () => {
  it('green: a small acquisition inside the core business', async () => {
    const r = await lightOf(event());
    expect(r.light).toBe('green');
    expect(r.fired).toEqual([]);
  });

  it('red: finance words in the target name without a licence (negative list 100004), with the basis', async () => {
    const r = await lightOf(event({ targetName: '某某网络小额贷款有限公司' }));
    expect(r.light).toBe('red');
    expect(r.fired[0]).toMatchObject({ rule: 'illegal-finance', light: 'red', value: true });
    expect(r.fired[0].basis?.title).toContain('市场准入负面清单');
    expect(r.evidence.financeTerms.map((m) => m.matched)).toContain('小额贷款');
  });

  it('no finance light for a licensed target', async () => {
    const r = await lightOf(event({ targetName: '某某支付有限公司', targetFinancialLicence: true }));
    expect(r.fired.map((f) => f.rule)).not.toContain('illegal-finance');
  });

  it('red: a prohibited item of a full list matched by industry; yellow: a permit item', async () => {
    const list: NegativeList = {
      ...data.negativeList,
      items: [
        { item: 'T1', title: 'test prohibited', category: 'prohibited', industryCodes: ['B06'] },
        { item: 'T2', title: 'test permit', category: 'permit', industryCodes: ['I6311'] },
      ],
    };
    expect(
      (await lightOf(event({ targetIndustryCode: 'B0610' }), group({ coreSections: ['B'] }), list)).light,
    ).toBe('red');
    const permit = await lightOf(event({ targetIndustryCode: 'I6311' }), group(), list);
    expect(permit.light).toBe('yellow');
    expect(permit.fired.map((f) => f.rule)).toEqual(['negative-list-permit']);
  });

  it('red: an unnotified concentration above the 2024 thresholds; green when notified', async () => {
    const big = { global: yuan('10000000000'), china: yuan('3000000000') };
    const r = await lightOf(event({ investorTurnover: big, targetTurnover: big }));
    expect(r.light).toBe('red');
    expect(r.fired[0].rule).toBe('unnotified-concentration');
    expect((await lightOf(event({ investorTurnover: big, targetTurnover: big, notified: true }))).light).toBe(
      'green',
    );
  });

  it('the same deal before 2024-01-22 is red, after it yellow (near the threshold)', async () => {
    const mid = { global: yuan('1500000000'), china: yuan('1500000000') };
    const old = await lightOf(
      event({ occurredOn: '2024-01-21', investorTurnover: mid, targetTurnover: mid }),
    );
    expect(old.light).toBe('red');
    const recent = await lightOf(
      event({ occurredOn: '2024-01-22', investorTurnover: mid, targetTurnover: mid }),
    );
    expect(recent.light).toBe('green'); // 75 %: below the 80 % default
    const near = { global: yuan('1600000000'), china: yuan('1600000000') };
    const close = await lightOf(
      event({ occurredOn: '2024-01-22', investorTurnover: near, targetTurnover: near }),
    );
    expect(close.light).toBe('yellow');
    expect(close.fired.map((f) => f.rule)).toEqual(['near-filing-threshold']);
  });

  it('yellow: cross-industry expansion, naming the section seen', async () => {
    const r = await lightOf(event({ targetIndustryCode: 'C1511' }));
    expect(r.light).toBe('yellow');
    expect(r.fired.map((f) => f.rule)).toEqual(['cross-industry-expansion']);
    expect(r.evidence.targetSection).toBe('C');
  });

  it('yellow: a stake in a financial institution (section J)', async () => {
    const r = await lightOf(
      event({
        kind: 'equity_stake',
        targetName: '某银行',
        targetIndustryCode: 'J6620',
        targetFinancialLicence: true,
      }),
      group({ coreSections: ['I', 'J'] }),
    );
    expect(r.fired.map((f) => f.rule)).toEqual(['financial-institution-stake']);
  });

  it.each([
    [2, 'green'],
    [3, 'yellow'],
    [4, 'yellow'],
  ])('serial acquisitions: %s in the window → %s', async (n, light) => {
    expect((await lightOf(event(), group({ acquisitionsInWindow: n }))).light).toBe(light);
  });

  it('a new entity is not counted as an acquisition nor checked as a concentration', async () => {
    const r = await lightOf(event({ kind: 'new_entity' }), group({ acquisitionsInWindow: 5 }));
    expect(r.light).toBe('green');
    expect(r.evidence.merger).toEqual({ skipped: 'a new_entity is not a concentration of undertakings' });
  });

  it('the same input always gives the same digest', async () => {
    expect((await lightOf(event())).inputDigest).toBe((await lightOf(event())).inputDigest);
  });
});
