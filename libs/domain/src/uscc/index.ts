export { USCC_ALPHABET, USCC_LENGTH } from './uscc-alphabet.const';
export { usccCheckCharacter } from './uscc-check-character.util';
export { organisationCodeCheckCharacter } from './organisation-code-check.util';
export { UsccProblem } from './uscc-problem.enum';
export type { UsccValidation } from './uscc-validation.types';
export { normalizeUscc, validateUscc, assertUscc, regionCodeOfUscc } from './uscc.validator';
export { makeUscc } from './uscc.factory';
export type { UsccParts } from './uscc.factory';
