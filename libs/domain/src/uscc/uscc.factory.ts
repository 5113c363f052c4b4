import { DomainError, ErrorCode } from '../errors/domain-error';
import { organisationCodeCheckCharacter } from './organisation-code-check.util';
import { usccCharValue } from './uscc-alphabet.const';
import { usccCheckCharacter } from './uscc-check-character.util';
import { assertUscc } from './uscc.validator';

export interface UsccParts {
  /** Position 1, registration authority; defaults to '9' (market regulation / 工商). */
  authority?: string;
  /** Position 2, entity type; defaults to '1' (enterprise, under authority 9). */
  entityType?: string;
  /** Positions 3-8, 6-digit administrative division code. */
  region: string;
  /** Positions 9-16, the 8-character organisation code body; its check character is computed. */
  orgBody: string;
}

function requireSingleChar(value: string, part: string): void {
  if (value.length !== 1 || usccCharValue(value) < 0) {
    throw new DomainError(
      ErrorCode.InvalidUscc,
      `${part} must be one character of the USCC alphabet, got '${value}'`,
    );
  }
}

function fromParts(parts: UsccParts): string {
  const authority = parts.authority ?? '9';
  const entityType = parts.entityType ?? '1';
  requireSingleChar(authority, 'authority');
  requireSingleChar(entityType, 'entityType');
  if (!/^[0-9]{6}$/.test(parts.region)) {
    throw new DomainError(ErrorCode.InvalidUscc, `region must be 6 digits, got '${parts.region}'`);
  }
  if (parts.orgBody.length !== 8 || Array.from(parts.orgBody).some((c) => usccCharValue(c) < 0)) {
    throw new DomainError(
      ErrorCode.InvalidUscc,
      `orgBody must be 8 characters of the USCC alphabet, got '${parts.orgBody}'`,
    );
  }
  const first16 = authority + entityType + parts.region + parts.orgBody;
  const first17 = first16 + organisationCodeCheckCharacter(parts.orgBody);
  return first17 + usccCheckCharacter(first17);
}

/**
 * Builds a valid USCC for seeds and tests, either from its parts (both check characters computed)
 * or from its first 17 characters (only position 18 computed). The result is always run through
 * assertUscc, so a caller-supplied wrong organisation check character fails here rather than
 * producing a code the rest of the system would reject.
 */
export function makeUscc(input: string | UsccParts): string {
  const code = typeof input === 'string' ? input + usccCheckCharacter(input) : fromParts(input);
  return assertUscc(code);
}
