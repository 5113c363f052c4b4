import { DomainError, ErrorCode } from '../errors/domain-error';

/** GB 11714-1997 weights for the 8 body characters of an organisation code. */
const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const BODY_CHAR = /^[0-9A-Z]$/;

/**
 * The GB 11714 check character for the 8-character body of an organisation code (positions 9-16
 * of a USCC). GB 11714 values letters A=10 .. Z=35, i.e. base-36 digits, not USCC alphabet indexes.
 */
export function organisationCodeCheckCharacter(first8: string): string {
  if (first8.length !== WEIGHTS.length) {
    throw new DomainError(
      ErrorCode.InvalidUscc,
      `organisation code check needs exactly 8 characters, got ${first8.length}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    const char = first8[i];
    if (!BODY_CHAR.test(char)) {
      throw new DomainError(
        ErrorCode.InvalidUscc,
        `invalid organisation code character '${char}' at position ${i + 1}`,
      );
    }
    sum += parseInt(char, 36) * WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}
