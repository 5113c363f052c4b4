import { rulesDirectory } from '@app/rulesets';
import { loadCapitalData } from '../data/capital-data.loader';
import { gradePlatform, platformThresholdsOn, PlatformMetrics } from './platform-grade';

const t = platformThresholdsOn(loadCapitalData(rulesDirectory()).platformGrades, '2026-06-01')!;
const m = (
  activeUsers: string | null,
  coreBusinesses: number | null,
  marketValue: string | null,
): PlatformMetrics => ({
  activeUsers,
  coreBusinesses,
  marketValue,
});

describe('platform grades (rules/data/platform-grades.json)', () => {
  it.each([
    ['super at every threshold', m('500000000', 2, '1000000000000.00'), 'super'],
    ['large: users just below super', m('499999999', 3, '2000000000000.00'), 'large'],
    ['large: one core business only', m('900000000', 1, '2000000000000.00'), 'large'],
    ['large: value a fen below super', m('900000000', 2, '999999999999.99'), 'large'],
    ['large at its thresholds', m('50000000', 1, '100000000000.00'), 'large'],
    ['small-medium: users just below large', m('49999999', 1, '500000000000.00'), 'small_medium'],
    ['small-medium: value a fen below large', m('60000000', 1, '99999999999.99'), 'small_medium'],
    ['small-medium: figures unknown', m(null, null, null), 'small_medium'],
  ])('%s', (_name, metrics, grade) => {
    expect(gradePlatform(metrics, t).grade).toBe(grade);
  });

  it('asks a yearly risk assessment of a super platform and explains every criterion', () => {
    const r = gradePlatform(m('600000000', 2, '1500000000000.00'), t);
    expect(r.riskAssessment).toEqual({ required: true, every: 'P1Y' });
    expect(r.reasons).toHaveLength(4);
    const small = gradePlatform(m(null, null, null), t);
    expect(small.reasons.join(' ')).toContain('active users unknown does not meet');
    expect(small.riskAssessment.required).toBe(false);
  });
});
