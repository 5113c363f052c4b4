import fc from 'fast-check';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { USCC_ALPHABET } from './uscc-alphabet.const';
import { makeUscc } from './uscc.factory';
import { regionCodeOfUscc, validateUscc } from './uscc.validator';

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
const digit = fc.constantFrom(...'0123456789');
const parts = fc.record({
  authority: alphabetChar,
  entityType: alphabetChar,
  region: fc.array(digit, { minLength: 6, maxLength: 6 }).map((d) => d.join('')),
  orgBody: fc.array(alphabetChar, { minLength: 8, maxLength: 8 }).map((c) => c.join('')),
});

describe('makeUscc', () => {
  it('rebuilds the GB 32100 example from its parts', () => {
    expect(makeUscc({ authority: '9', entityType: '1', region: '350100', orgBody: 'M000100Y' })).toBe(
      '91350100M000100Y43',
    );
  });

  it("defaults to authority '9' and entity type '1' (an enterprise)", () => {
    expect(makeUscc({ region: '440300', orgBody: '19220382' })).toBe('914403001922038216');
  });

  it("computes an 'X' organisation check character", () => {
    expect(makeUscc({ region: '440300', orgBody: '71526726' })).toBe('9144030071526726XG');
  });

  it('honours other authorities and entity types', () => {
    const code = makeUscc({ authority: '5', entityType: '2', region: '110000', orgBody: 'MJ0000AA' });
    expect(code.slice(0, 2)).toBe('52');
    expect(validateUscc(code).valid).toBe(true);
  });

  it('appends the check character to a 17-character prefix', () => {
    expect(makeUscc('91110108551385082')).toBe('91110108551385082Q');
  });

  it('refuses a prefix whose organisation check character is wrong', () => {
    expect(() => makeUscc('91110108551385083')).toThrow(
      "organisation code check character mismatch at position 17: expected '2', found '3'",
    );
  });

  it.each([
    [{ region: '35010', orgBody: 'M000100Y' }, "region must be 6 digits, got '35010'"],
    [{ region: '3501A0', orgBody: 'M000100Y' }, "region must be 6 digits, got '3501A0'"],
    [
      { region: '350100', orgBody: 'M000100' },
      "orgBody must be 8 characters of the USCC alphabet, got 'M000100'",
    ],
    [
      { region: '350100', orgBody: 'M0001O0Y' },
      "orgBody must be 8 characters of the USCC alphabet, got 'M0001O0Y'",
    ],
    [
      { authority: 'S', region: '350100', orgBody: 'M000100Y' },
      "authority must be one character of the USCC alphabet, got 'S'",
    ],
    [
      { entityType: '12', region: '350100', orgBody: 'M000100Y' },
      "entityType must be one character of the USCC alphabet, got '12'",
    ],
  ])('rejects bad parts %j', (input, message) => {
    expect(() => makeUscc(input)).toThrow(DomainError);
    expect(() => makeUscc(input)).toThrow(message);
  });

  it('throws InvalidUscc for a prefix of the wrong length', () => {
    expect.assertions(1);
    try {
      makeUscc('9135');
    } catch (error) {
      expect((error as DomainError).code).toBe(ErrorCode.InvalidUscc);
    }
  });

  it('always produces a code that validates and keeps the given parts', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const code = makeUscc(p);
        expect(validateUscc(code)).toEqual({ valid: true, uscc: code });
        expect(code.slice(0, 2)).toBe(p.authority + p.entityType);
        expect(regionCodeOfUscc(code)).toBe(p.region);
        expect(code.slice(8, 16)).toBe(p.orgBody);
      }),
      { numRuns: 500 },
    );
  });
});
