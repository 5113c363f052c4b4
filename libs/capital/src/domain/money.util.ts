/**
 * Money as integer fen (分) in a bigint: exact for any numeric(20,2) amount, never a float. Amounts
 * arrive and leave as decimal yuan strings ("12000000000.00").
 */

const DECIMAL_YUAN = /^(\d{1,18})(?:\.(\d{1,2}))?$/;

/** "1200.5" → 120050n; throws on anything that is not a non-negative decimal of ≤ 2 places. */
export function toFen(yuan: string): bigint {
  const match = DECIMAL_YUAN.exec(yuan);
  if (!match) throw new RangeError(`not a decimal yuan amount: ${JSON.stringify(yuan)}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** 120050n → "1200.50". */
export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** floor(part × 100 / whole) as a whole percent, exactly (whole > 0). */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) throw new RangeError('percentOf needs a positive whole');
  return Number((part * 100n) / whole);
}
