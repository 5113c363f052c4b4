/**
 * The 31-character alphabet of GB 32100-2015. I, O, Z, S and V are left out because they are too
 * easily confused with 1, 0, 2, 5 and U when codes are copied by hand; a character's value in the
 * check-character arithmetic is its index in this string.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const USCC_LENGTH = 18;

/** Value of `char` in the USCC alphabet, or -1 when the character is not part of it. */
export function usccCharValue(char: string): number {
  // indexOf('') would be 0, so guard against anything that is not exactly one character.
  return char.length === 1 ? USCC_ALPHABET.indexOf(char) : -1;
}
