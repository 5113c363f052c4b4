import { readRuleData, validateRuleSet, type RepairOutcomeSpec } from '@app/rules';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDuration,
  compareDecimal,
  decisionDeadline,
  eligibility,
  repairTimeline,
  type RepairableRecord,
} from './repair-timeline';

const RULES = join(__dirname, '../../../../rules');
const document: unknown = JSON.parse(readFileSync(join(RULES, 'repair/2026.1.json'), 'utf8'));
const spec = (document as { outcome: RepairOutcomeSpec }).outcome;

const penalty = (
  occurredOn: string,
  severity: string,
  payload: Record<string, unknown> = { measure: 'fine', amount: '50000.00' },
  sectorTags: string[] = [],
): RepairableRecord => ({ type: 'administrative_penalty', severity, occurredOn, payload, sectorTags });

describe('the shipped repair rule set', () => {
  it('validates, and a broken profile is refused naming the place', () => {
    expect(validateRuleSet(document)).toMatchObject({ ok: true });
    const broken = JSON.parse(JSON.stringify(document)) as {
      outcome: { profiles: Record<string, unknown>[] };
    };
    broken.outcome.profiles[1].decisionWorkingDays = 0;
    broken.outcome.profiles[2].from = '2025-01-01';
    (broken.outcome.profiles[0].grades as Record<string, unknown>[])[0].applyAfter = 'six months';
    const result = validateRuleSet(broken);
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.problems.map((p) => p.path) : [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'outcome.profiles[0].grades[0].applyAfter',
        'outcome.profiles[1].decisionWorkingDays',
        'outcome.profiles[2].from',
      ]),
    );
  });
});

describe('addDuration', () => {
  it('counts months and years in calendar terms, clamping to the month end', () => {
    expect(addDuration('2025-08-31', 'P6M')).toBe('2026-02-28');
    expect(addDuration('2024-02-29', 'P1Y')).toBe('2025-02-28');
    expect(addDuration('2026-04-01', 'P3M')).toBe('2026-07-01');
    expect(addDuration('2026-04-01', 'P0D')).toBe('2026-04-01');
    expect(addDuration('2026-12-30', 'P3D')).toBe('2027-01-02');
  });
});

describe('repair timeline across the profiles', () => {
  it('2021 profile: apply after 6 months, 12 for food, drugs and special equipment; 3 years published; 15 working days', () => {
    const plain = repairTimeline(spec, penalty('2025-03-01', 'general'));
    expect(plain).toMatchObject({
      profile: { id: '2021', decisionWorkingDays: 15 },
      grade: 'penalty',
      repairableFrom: '2025-09-01',
      publicityEndsOn: '2028-03-01',
      notRepairable: null,
    });
    const food = repairTimeline(spec, penalty('2025-03-01', 'general', undefined, ['food']));
    expect(food).toMatchObject({ grade: 'strict_sector', repairableFrom: '2026-03-01' });
  });

  it('2021 profile: a warning or a fine under ¥10,000 is published 3 months and needs no application', () => {
    const low = repairTimeline(spec, penalty('2025-06-10', 'minor', { measure: 'fine', amount: '9999.99' }));
    expect(low).toMatchObject({ grade: 'low_fine', publicityEndsOn: '2025-09-10', repairableFrom: null });
    expect(low.notRepairable?.zh).toContain('自动停止公示');
    const high = repairTimeline(
      spec,
      penalty('2025-06-10', 'minor', { measure: 'fine', amount: '10000.00' }),
    );
    expect(high).toMatchObject({ grade: 'penalty', repairableFrom: '2025-12-10' });
  });

  it('Order 107 (from 2025-12-25) then Order 36 (from 2026-04-01): moderate and serious grades, 7 working days', () => {
    expect(repairTimeline(spec, penalty('2026-03-31', 'general'))).toMatchObject({
      profile: { id: '2025-12-25', decisionWorkingDays: 7 },
      grade: 'moderate',
      repairableFrom: '2026-06-30',
      publicityEndsOn: '2027-03-31',
    });
    expect(repairTimeline(spec, penalty('2026-04-01', 'general'))).toMatchObject({
      profile: { id: '2026-04-01', decisionWorkingDays: 7 },
      grade: 'moderate',
      repairableFrom: '2026-07-01',
      publicityEndsOn: '2027-04-01',
    });
    expect(repairTimeline(spec, penalty('2026-04-01', 'serious'))).toMatchObject({
      grade: 'serious',
      repairableFrom: '2027-04-01',
      publicityEndsOn: '2029-04-01',
    });
    // The day before the 2025-12-25 switch is still the 2021 profile.
    expect(repairTimeline(spec, penalty('2025-12-24', 'general')).profile.id).toBe('2021');
    // A record older than every profile follows the first.
    expect(repairTimeline(spec, penalty('2019-05-05', 'general')).profile.id).toBe('2021');
  });

  it('a warning is not published under Order 36 (stops counting at once); another minor penalty after 3 months', () => {
    expect(repairTimeline(spec, penalty('2026-05-01', 'minor', { measure: 'warning' }))).toMatchObject({
      grade: 'minor',
      publicityEndsOn: '2026-05-01',
      repairableFrom: null,
    });
    expect(
      repairTimeline(spec, penalty('2026-05-01', 'minor', { measure: 'fine', amount: '500.00' })),
    ).toMatchObject({ grade: 'minor', publicityEndsOn: '2026-08-01', repairableFrom: null });
  });

  it('never early: a revoked licence, suspension, restriction, lowered qualification', () => {
    for (const measure of ['revocation', 'suspension', 'restriction', 'qualification_lowered']) {
      const t = repairTimeline(spec, penalty('2026-05-01', 'serious', { measure }));
      expect(t).toMatchObject({ repairableFrom: null, publicityEndsOn: '2029-05-01' });
      expect(t.notRepairable?.en).toContain('never repaired early');
    }
    const revocation: RepairableRecord = {
      type: 'license_revocation',
      severity: null,
      occurredOn: '2026-05-01',
      payload: { licenseType: '食品经营许可证' },
      sectorTags: [],
    };
    expect(repairTimeline(spec, revocation)).toMatchObject({ repairableFrom: null, publicityEndsOn: null });
  });

  it('serious dishonesty list: early removal after 1 year, out after 3; a failed spot check at once', () => {
    const listing: RepairableRecord = {
      type: 'serious_dishonesty_listing',
      severity: null,
      occurredOn: '2026-05-10',
      payload: { listedOn: '2026-05-10' },
      sectorTags: [],
    };
    expect(repairTimeline(spec, listing)).toMatchObject({
      grade: 'dishonesty_list',
      repairableFrom: '2027-05-10',
      publicityEndsOn: '2029-05-10',
      removalField: 'removedOn',
    });
    const spot: RepairableRecord = {
      type: 'spot_check_result',
      severity: null,
      occurredOn: '2026-05-10',
      payload: { result: 'fail' },
      sectorTags: [],
    };
    expect(repairTimeline(spec, spot)).toMatchObject({ repairableFrom: '2026-05-10', publicityEndsOn: null });
  });
});

describe('eligibility on a day', () => {
  const record = penalty('2026-04-01', 'general');
  const none = { repairedAt: null };

  it('too early the day before, eligible on the day, ended once publicity is over or repaired', () => {
    expect(eligibility(spec, record, none, '2026-06-30')).toMatchObject({
      eligible: false,
      code: 'too_early',
      timeline: { repairableFrom: '2026-07-01' },
    });
    expect(eligibility(spec, record, none, '2026-07-01')).toMatchObject({ eligible: true });
    expect(eligibility(spec, record, none, '2027-04-01')).toMatchObject({ eligible: false, code: 'ended' });
    expect(eligibility(spec, record, { repairedAt: new Date() }, '2026-08-01')).toMatchObject({
      eligible: false,
      code: 'ended',
    });
  });

  it('not repairable gives the reason; a removed listing has nothing left', () => {
    const revoked = penalty('2026-04-01', 'serious', { measure: 'revocation' });
    const result = eligibility(spec, revoked, none, '2027-06-01');
    expect(result).toMatchObject({ eligible: false, code: 'not_repairable' });
    expect(!result.eligible && result.message.zh).toContain('不得提前修复');
    const removed: RepairableRecord = {
      type: 'serious_dishonesty_listing',
      severity: null,
      occurredOn: '2026-05-10',
      payload: { listedOn: '2026-05-10', removedOn: '2027-06-01' },
      sectorTags: [],
    };
    expect(eligibility(spec, removed, none, '2027-07-01')).toMatchObject({ code: 'ended' });
  });
});

describe('decision deadline', () => {
  it('counts working days on the Shanghai calendar, skipping the National Day week and counting its make-up Saturday', () => {
    const { calendar } = readRuleData(RULES);
    // Filed Wed 2026-09-30: Oct 1–7 are holidays, Sat Oct 10 is a make-up working day.
    const at = decisionDeadline(calendar, 7, new Date('2026-09-30T10:00:00+08:00'));
    expect(at.toISOString()).toBe(new Date('2026-10-15T23:59:59.999+08:00').toISOString());
  });
});

describe('compareDecimal', () => {
  it('compares exactly', () => {
    expect(compareDecimal('9999.99', '10000.00')).toBe(-1);
    expect(compareDecimal('10000', '10000.00')).toBe(0);
    expect(compareDecimal('10000.01', '10000')).toBe(1);
  });
});
