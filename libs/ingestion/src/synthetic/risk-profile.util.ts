import { deriveSeed, Prng } from './prng.util';

/**
 * The hidden disposition of a synthetic enterprise. It shapes the enterprise's records so that the
 * tiering rules of DOMAIN.md §1 land near A 65% / B 25% / C 8% / D 2%; it never appears in a row,
 * because the system under test must find the tier from the records alone.
 */
export type RiskProfile = 'clean' | 'minor' | 'elevated' | 'severe';

export const RISK_PROFILES: readonly RiskProfile[] = ['clean', 'minor', 'elevated', 'severe'];

/** Cumulative shares of clean, minor, elevated; the rest is severe. */
const CLEAN = 0.65;
const MINOR = CLEAN + 0.25;
const ELEVATED = MINOR + 0.08;

/** The first draw of an enterprise's generator, so that profileOf can recompute it cheaply. */
export function drawProfile(prng: Prng): RiskProfile {
  const u = prng.float();
  return u < CLEAN ? 'clean' : u < MINOR ? 'minor' : u < ELEVATED ? 'elevated' : 'severe';
}

/** The profile enterprise `index` of population `seed` was generated with, for tests and benches. */
export function profileOf(seed: number, index: number): RiskProfile {
  return drawProfile(new Prng(deriveSeed(seed, index)));
}
