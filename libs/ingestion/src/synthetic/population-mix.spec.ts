import { generatePopulation } from './population.generator';
import { profileOf, RiskProfile } from './risk-profile.util';

/**
 * The population's mix on 20,000 enterprises, against the shares DOMAIN.md §1 and the bench brief
 * ask for. Fixed seed, so these are exact regressions as much as statistical checks.
 */
describe('population mix', () => {
  const N = 20_000;
  const SEED = 20_260_520;
  const profiles: Record<RiskProfile, number> = { clean: 0, minor: 0, elevated: 0, severe: 0 };
  const recordsPer: number[] = [];
  const sizes = new Map<string, number>();
  let platforms = 0;
  let newBusinessForms = 0;

  beforeAll(() => {
    for (const { kind, value } of generatePopulation({ enterprises: N, seed: SEED, asOf: '2026-05-20' })) {
      if (kind === 'record') {
        recordsPer[recordsPer.length - 1]++;
        continue;
      }
      profiles[profileOf(SEED, recordsPer.length)]++;
      recordsPer.push(0);
      sizes.set(value.size as string, (sizes.get(value.size as string) ?? 0) + 1);
      if (value.isPlatform === true) platforms++;
      if (value.newBusinessForm === true) newBusinessForms++;
    }
  });

  const share = (count: number): number => (100 * count) / N;

  it.each([
    ['clean', 65],
    ['minor', 25],
    ['elevated', 8],
    ['severe', 2],
  ] as const)('has about %s %i%% of enterprises', (profile, percent) => {
    expect(Math.abs(share(profiles[profile]) - percent)).toBeLessThanOrEqual(1.5);
  });

  it('has about 10 credit and risk records per enterprise, with a long tail', () => {
    const mean = recordsPer.reduce((a, b) => a + b, 0) / N;
    expect(mean).toBeGreaterThanOrEqual(8);
    expect(mean).toBeLessThanOrEqual(12);
    expect(Math.max(...recordsPer)).toBeGreaterThanOrEqual(40);
    // Most enterprises have 4–12.
    expect(recordsPer.filter((n) => n >= 4 && n <= 12).length / N).toBeGreaterThan(0.6);
  });

  it('has about 0.3% platforms and 3% new business forms', () => {
    expect(share(platforms)).toBeGreaterThan(0.15);
    expect(share(platforms)).toBeLessThan(0.45);
    expect(Math.abs(share(newBusinessForms) - 3)).toBeLessThan(0.5);
  });

  it('sizes micro 55% / small 30% / medium 12% / large 3%', () => {
    expect(Math.abs(share(sizes.get('micro') ?? 0) - 55)).toBeLessThan(1.5);
    expect(Math.abs(share(sizes.get('small') ?? 0) - 30)).toBeLessThan(1.5);
    expect(Math.abs(share(sizes.get('medium') ?? 0) - 12)).toBeLessThan(1);
    expect(Math.abs(share(sizes.get('large') ?? 0) - 3)).toBeLessThan(0.5);
  });
});
