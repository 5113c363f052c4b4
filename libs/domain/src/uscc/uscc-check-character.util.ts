import { DomainError, ErrorCode } from '../errors/domain-error';
import { USCC_ALPHABET, usccCharValue } from './uscc-alphabet.const';

/**
 * Weights 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015, 5.2). Every weight is non-zero mod
 * the prime 31, which is why any single-character substitution changes the check character.
 */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character (position 18) for the first 17 characters of a USCC. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== WEIGHTS.length) {
    throw new DomainError(
      ErrorCode.InvalidUscc,
      `check character needs exactly 17 characters, got ${first17.length}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    const value = usccCharValue(first17[i]);
    if (value < 0) {
      throw new DomainError(ErrorCode.InvalidUscc, `invalid character '${first17[i]}' at position ${i + 1}`);
    }
    sum += value * WEIGHTS[i];
  }
  // 31 - 0 would be 31, which has no character: the standard maps it to '0'.
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check];
}
