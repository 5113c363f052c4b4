import { conditionText, distanceText } from './whynot';

describe('why-not and tier distances in Chinese', () => {
  const band = {
    tier: 'C',
    min: 60,
    max: 79,
    pointsNeeded: 0,
    text: 'C: within the band (score 72, C 60 to 79)',
  };

  it('words the distance to each tier from its fields', () => {
    expect(distanceText(band, 72, 'zh-CN')).toBe('C类:在区间内(得分 72,C类 60–79)');
    expect(distanceText({ ...band, tier: 'A', min: 90, max: null, pointsNeeded: 18 }, 72, 'zh-CN')).toBe(
      'A类:还差 18 分(得分 72,A类 ≥ 90)',
    );
    expect(distanceText({ ...band, tier: 'D', min: null, max: 39, pointsNeeded: -33 }, 72, 'zh-CN')).toBe(
      'D类:多出 33 分(得分 72,D类 ≤ 39)',
    );
    expect(distanceText({ ...band, tier: 'A', blockedBy: 'dishonesty-list' }, 72, 'zh-CN')).toContain(
      '规则 dishonesty-list 使结果无论得分都不能为A类',
    );
    expect(distanceText(band, 72, 'en')).toBe(band.text);
  });

  it('puts a failed condition into Chinese, keeping facts and values', () => {
    expect(conditionText('general_penalties_3y = 0, needs ≥ 1', 'zh-CN')).toBe(
      'general_penalties_3y = 0,需要 ≥ 1',
    );
    expect(conditionText('latest_tax_grade = "B", needs one of ["C","D"]', 'zh-CN')).toBe(
      'latest_tax_grade = "B",需要 属于 ["C","D"]',
    );
    expect(conditionText('x = missing, needs not = 1', 'zh-CN')).toBe('x = (无数据),需要不满足 = 1');
    expect(conditionText('tags = ["x"], needs not to contain "y"', 'zh-CN')).toBe(
      'tags = ["x"],需要 不包含 "y"',
    );
    expect(conditionText('the conditions under not hold, needs them not to', 'zh-CN')).toBe(
      '“非”之下的条件成立,需要不成立',
    );
    expect(conditionText('general_penalties_3y = 0, needs ≥ 1', 'en')).toBe(
      'general_penalties_3y = 0, needs ≥ 1',
    );
  });
});
