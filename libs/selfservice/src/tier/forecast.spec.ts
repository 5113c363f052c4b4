import { compileRules, type TieringRuleSet } from '@app/rules';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { factsAsOf, forecastTier, stopsCountingOn, wholeYears, type ForecastRecord } from './forecast';

const ruleSet = JSON.parse(
  readFileSync(join(__dirname, '../../../../rules/tiering/2026.1.json'), 'utf8'),
) as TieringRuleSet;
const evaluator = compileRules(ruleSet.rules).evaluator;

const penalty = (id: string, severity: string, date: string, endsOn: string | null): ForecastRecord => ({
  id,
  credit: true,
  type: 'administrative_penalty',
  severity,
  date,
  payload: { measure: 'fine' },
  endsOn,
});

// Hand-computed case (shipped tiering 2026.1; base 100, A ≥ 90, B ≥ 70, C ≥ 50, else D). Founded
// 2015-06-01, so 11 years in business (+2). As of 2026-12-02:
//   S1 serious penalty 2024-06-01 (2021 profile: published 3 years, ends 2027-06-01)   −35
//   G1 general penalty 2026-04-01 (Order 36: published 1 year, ends 2027-04-01)  −15 (3y) −5 (1y)
//   M1 minor fine 2026-10-01 (Order 36: published 3 months, ends 2027-01-01)            −15
//   score 100 − 35 − 20 − 15 + 2 = 32 → D
// 2027-01-01 M1 ends: 47 → D (no step); 2027-04-01 G1 ends: 67 → C; 2027-06-01 S1 ends: 102 → A.
const records = [
  penalty('11', 'serious', '2024-06-01', '2027-06-01'),
  penalty('12', 'general', '2026-04-01', '2027-04-01'),
  penalty('13', 'minor', '2026-10-01', '2027-01-01'),
];
const base = { registered_capital: 1000, latest_tax_grade: 'M' };

describe('tier forecast', () => {
  it('steps through the dates the facts change, against the hand-computed case', () => {
    const forecast = forecastTier({
      ruleSet,
      evaluator,
      baseFacts: base,
      establishedOn: '2015-06-01',
      records,
      today: '2026-12-02',
      until: '2029-12-02',
    });
    expect(forecast.today).toEqual({ tier: 'D', score: 32 });
    expect(forecast.steps).toEqual([
      { date: '2027-04-01', tier: 'C', previousTier: 'D', records: ['12', '13'] },
      { date: '2027-06-01', tier: 'A', previousTier: 'C', records: ['11'] },
    ]);
  });

  it('without publicity ends, the windows decide: the serious penalty weighs 3 years, then less until 5', () => {
    const unpublished = records.map((r) => ({ ...r, endsOn: null }));
    const forecast = forecastTier({
      ruleSet,
      evaluator,
      baseFacts: base,
      establishedOn: '2015-06-01',
      records: unpublished,
      today: '2026-12-02',
      until: '2029-12-02',
    });
    // 2027-04-01: G1 leaves the 1-year window (−5 gone): 37 → D still. 2027-06-01: S1 leaves 3 years
    // (−35) but weighs −15 as older: 57 → C. 2029-04-01: G1 leaves 3 years: 72 → B.
    // 2029-06-01: S1 leaves 5 years: 87 → B (no step). 2029-10-01: M1 leaves 3 years: 102 → A.
    expect(forecast.steps.map((s) => [s.date, s.tier, s.records])).toEqual([
      ['2027-06-01', 'C', ['11', '12']],
      ['2029-04-01', 'B', ['12']],
      ['2029-10-01', 'A', ['11', '13']],
    ]);
  });

  it('derives facts as the fact query does: windows, repairs, age', () => {
    const facts = factsAsOf(ruleSet, base, '2015-06-01', records, '2027-01-01');
    expect(facts).toMatchObject({
      minor_penalties_3y: 0,
      general_penalties_3y: 1,
      general_penalties_1y: 1,
      serious_penalties_3y: 1,
      serious_penalties_5y: 1,
      years_in_business: 11,
    });
    expect(wholeYears('2016-02-29', '2017-02-28')).toBe(0);
    expect(wholeYears('2016-02-29', '2017-03-01')).toBe(1);
  });

  it('says when a record stops counting in every fact', () => {
    expect(stopsCountingOn(ruleSet, records[0], '2026-12-02')).toBe('2027-06-01');
    expect(stopsCountingOn(ruleSet, { ...records[0], endsOn: null }, '2026-12-02')).toBe('2029-06-01');
    const listing: ForecastRecord = {
      id: '20',
      credit: true,
      type: 'abnormal_operation_listing',
      severity: null,
      date: '2026-07-01',
      payload: { reason: 'annual_report_missing', listedOn: '2026-07-01' },
      endsOn: null,
    };
    // On the list (no window) until removed: no end by itself.
    expect(stopsCountingOn(ruleSet, listing, '2026-12-02')).toBeNull();
  });
});
