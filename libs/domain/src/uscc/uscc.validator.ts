import { DomainError, ErrorCode } from '../errors/domain-error';
import { organisationCodeCheckCharacter } from './organisation-code-check.util';
import { USCC_LENGTH, usccCharValue } from './uscc-alphabet.const';
import { usccCheckCharacter } from './uscc-check-character.util';
import { UsccProblem } from './uscc-problem.enum';
import { UsccValidation } from './uscc-validation.types';

const REGION_CODE = /^[0-9]{6}$/;
const ORGANISATION_CHECK = /^[0-9X]$/;

/**
 * Trim and upper-case, nothing more: codes arrive from spreadsheets and forms with stray spaces
 * and lower case, but anything cleverer (dropping inner spaces, mapping O to 0) would silently
 * turn a wrong code into a different company's code.
 */
export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase();
}

function invalid(reason: UsccProblem, message: string): UsccValidation {
  return { valid: false, reason, message };
}

/**
 * Validates a USCC against GB 32100-2015 after normalizing it. Positions 1 (registration
 * authority) and 2 (entity type) accept any alphabet character: the authority/type table has
 * been extended since 2015 and the register, not the syntax, is the authority on which pairs exist.
 */
export function validateUscc(input: string): UsccValidation {
  const code = normalizeUscc(input);
  if (code.length === 0) {
    return invalid(UsccProblem.Empty, 'unified social credit code is empty');
  }
  // Count code points, not UTF-16 units, so an emoji or rare CJK character is reported as one
  // character at its real position.
  const chars = Array.from(code);
  if (chars.length !== USCC_LENGTH) {
    return invalid(UsccProblem.Length, `length must be ${USCC_LENGTH}, got ${chars.length}`);
  }
  const badIndex = chars.findIndex((char) => usccCharValue(char) < 0);
  if (badIndex >= 0) {
    return invalid(UsccProblem.Charset, `invalid character '${chars[badIndex]}' at position ${badIndex + 1}`);
  }
  const region = code.slice(2, 8);
  if (!REGION_CODE.test(region)) {
    return invalid(
      UsccProblem.RegionCode,
      `administrative division code at positions 3-8 must be 6 digits, found '${region}'`,
    );
  }
  const orgCheckFound = code[16];
  const orgCheckExpected = organisationCodeCheckCharacter(code.slice(8, 16));
  if (!ORGANISATION_CHECK.test(orgCheckFound) || orgCheckFound !== orgCheckExpected) {
    return invalid(
      UsccProblem.OrganisationCheck,
      `organisation code check character mismatch at position 17: expected '${orgCheckExpected}', found '${orgCheckFound}'`,
    );
  }
  const checkFound = code[17];
  const checkExpected = usccCheckCharacter(code.slice(0, 17));
  if (checkFound !== checkExpected) {
    return invalid(
      UsccProblem.CheckCharacter,
      `check character mismatch: expected '${checkExpected}', found '${checkFound}'`,
    );
  }
  return { valid: true, uscc: code };
}

/** The normalized code, or a DomainError(InvalidUscc) carrying the validation message. */
export function assertUscc(input: string): string {
  const result = validateUscc(input);
  if (!result.valid) {
    throw new DomainError(ErrorCode.InvalidUscc, `invalid unified social credit code: ${result.message}`);
  }
  return result.uscc;
}

/**
 * The GB/T 2260 administrative division code (positions 3-8) of a valid USCC. Validates first so a
 * malformed code can never be filed under some region by accident.
 */
export function regionCodeOfUscc(uscc: string): string {
  return assertUscc(uscc).slice(2, 8);
}
