/**
 * Exact arithmetic for figures the API shows: counts stay integers, quotients are computed on
 * integers (BigInt) and written as decimal strings rounded half away from zero — never a float that
 * drifts with the order of a sum.
 */

/** numerator / denominator with `places` decimals; null when the denominator is 0. */
export function quotient(
  numerator: bigint | number,
  denominator: bigint | number,
  places = 2,
): string | null {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) return null;
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const scale = 10n ** BigInt(places);
  const scaled = (an * scale * 2n + ad) / (2n * ad);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, '0');
  const text = places > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/** numerator / denominator in basis points (1/10,000), rounded half up; null for a 0 denominator. */
export function basisPoints(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Number((BigInt(numerator) * 20_000n + BigInt(denominator)) / (2n * BigInt(denominator)));
}

/** Micro-units of a decimal read from a rule document (e.g. 0.5 visits a year → 500000). */
export const MICRO = 1_000_000;

export function toMicro(value: number): number {
  const micro = Math.round(value * MICRO);
  if (!Number.isSafeInteger(micro) || Math.abs(micro - value * MICRO) > 1e-3) {
    throw new RangeError(`${value} has more than 6 decimals or is out of range`);
  }
  return micro;
}

/** A micro-unit integer as a decimal string with `places` decimals. */
export function fromMicro(micro: number | bigint, places = 2): string {
  return quotient(micro, MICRO, places)!;
}
