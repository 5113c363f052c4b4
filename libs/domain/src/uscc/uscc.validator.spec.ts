import fc from 'fast-check';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { USCC_ALPHABET } from './uscc-alphabet.const';
import { usccCheckCharacter } from './uscc-check-character.util';
import { UsccProblem } from './uscc-problem.enum';
import { makeUscc } from './uscc.factory';
import { assertUscc, normalizeUscc, regionCodeOfUscc, validateUscc } from './uscc.validator';

/**
 * Published codes. The first is the worked example of GB 32100-2015; the others are the codes of
 * well-known companies as shown on the public enterprise credit register. Each independently
 * satisfies both the GB 11714 and the GB 32100 check (a random 18-character string does so with
 * probability 1/341), so a transcription error would have shown up as a failure here.
 */
const REAL_CODES = [
  '91350100M000100Y43', // GB 32100-2015 example
  '914403001922038216', // 华为技术有限公司
  '91110000802100433B', // 北京百度网讯科技有限公司
  '91330100716105852F', // 阿里巴巴(中国)有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '9144030071526726XG', // 腾讯科技(深圳)有限公司 — organisation check 'X'
  '91110108551385082Q', // 北京小米科技有限责任公司
];

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
const digit = fc.constantFrom(...'0123456789');
const validCode = fc
  .record({
    authority: alphabetChar,
    entityType: alphabetChar,
    region: fc.array(digit, { minLength: 6, maxLength: 6 }).map((d) => d.join('')),
    orgBody: fc.array(alphabetChar, { minLength: 8, maxLength: 8 }).map((c) => c.join('')),
  })
  .map((parts) => makeUscc(parts));

function expectProblem(input: string, reason: UsccProblem, message: string): void {
  expect(validateUscc(input)).toEqual({ valid: false, reason, message });
}

describe('normalizeUscc', () => {
  it('trims and upper-cases', () => {
    expect(normalizeUscc('  91350100m000100y43\t')).toBe('91350100M000100Y43');
  });

  it('does nothing else (inner spaces and look-alike letters are left for validation to reject)', () => {
    expect(normalizeUscc('9135 0100o')).toBe('9135 0100O');
  });
});

describe('validateUscc', () => {
  it.each(REAL_CODES)('accepts the real code %s', (code) => {
    expect(validateUscc(code)).toEqual({ valid: true, uscc: code });
  });

  it('accepts lower case and surrounding whitespace, returning the normalized code', () => {
    expect(validateUscc(' 91350100m000100y43 ')).toEqual({ valid: true, uscc: '91350100M000100Y43' });
    expect(validateUscc('9144030071526726xg')).toEqual({ valid: true, uscc: '9144030071526726XG' });
  });

  it('reports an empty or blank input as Empty', () => {
    expectProblem('', UsccProblem.Empty, 'unified social credit code is empty');
    expectProblem('   ', UsccProblem.Empty, 'unified social credit code is empty');
  });

  it('reports the wrong length', () => {
    expectProblem('91350100M000100Y4', UsccProblem.Length, 'length must be 18, got 17');
    expectProblem('91350100M000100Y433', UsccProblem.Length, 'length must be 18, got 19');
    // The legacy 15-digit business licence number is not a USCC.
    expectProblem('110108000000016', UsccProblem.Length, 'length must be 18, got 15');
  });

  it('counts characters, not UTF-16 units, when reporting length and position', () => {
    expectProblem('91350100M000100Y4😀', UsccProblem.Charset, "invalid character '😀' at position 18");
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s with its position', (letter) => {
    const code = '9135' + letter + '100M000100Y43';
    expectProblem(code, UsccProblem.Charset, `invalid character '${letter}' at position 5`);
  });

  it('rejects an excluded letter that only appears after upper-casing', () => {
    expectProblem('91350100M000100y4i', UsccProblem.Charset, "invalid character 'I' at position 18");
  });

  it('rejects punctuation, inner spaces and full-width digits', () => {
    expectProblem('91350100M000-00Y43', UsccProblem.Charset, "invalid character '-' at position 13");
    expectProblem('9135 100M000100Y43', UsccProblem.Charset, "invalid character ' ' at position 5");
    expectProblem('９1350100M000100Y43', UsccProblem.Charset, "invalid character '９' at position 1");
  });

  it('rejects a letter in the administrative division code even when both checks match', () => {
    const first17 = '91' + '3501A0' + 'M000100Y' + '4';
    const code = first17 + usccCheckCharacter(first17);
    expectProblem(
      code,
      UsccProblem.RegionCode,
      "administrative division code at positions 3-8 must be 6 digits, found '3501A0'",
    );
  });

  it('rejects a wrong organisation check character even when the final check matches', () => {
    const first17 = '91350100M000100Y' + '5';
    const code = first17 + usccCheckCharacter(first17);
    expectProblem(
      code,
      UsccProblem.OrganisationCheck,
      "organisation code check character mismatch at position 17: expected '4', found '5'",
    );
  });

  it("rejects a letter other than 'X' as organisation check character", () => {
    const first17 = '91350100M000100Y' + 'A';
    const code = first17 + usccCheckCharacter(first17);
    expect(validateUscc(code)).toMatchObject({ valid: false, reason: UsccProblem.OrganisationCheck });
  });

  it('reports a check character mismatch with expected and found', () => {
    expectProblem(
      '91350100M000100Y44',
      UsccProblem.CheckCharacter,
      "check character mismatch: expected '3', found '4'",
    );
  });

  it('rejects every single-character substitution of a valid code', () => {
    fc.assert(
      fc.property(validCode, fc.nat({ max: 17 }), alphabetChar, (code, index, replacement) => {
        fc.pre(code[index] !== replacement);
        const mutated = code.slice(0, index) + replacement + code.slice(index + 1);
        expect(validateUscc(mutated).valid).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every single-character substitution of the real codes, exhaustively', () => {
    for (const code of REAL_CODES) {
      for (let index = 0; index < code.length; index++) {
        for (const replacement of USCC_ALPHABET) {
          if (replacement === code[index]) continue;
          const mutated = code.slice(0, index) + replacement + code.slice(index + 1);
          expect(validateUscc(mutated).valid).toBe(false);
        }
      }
    }
  });

  it('accepts any valid code in lower case', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(validateUscc(code.toLowerCase())).toEqual({ valid: true, uscc: code });
      }),
    );
  });
});

describe('assertUscc', () => {
  it('returns the normalized code', () => {
    expect(assertUscc(' 91110000802100433b')).toBe('91110000802100433B');
  });

  it('throws DomainError(InvalidUscc) carrying the validation message', () => {
    expect.assertions(3);
    try {
      assertUscc('91350100M000100Y44');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.InvalidUscc);
      expect((error as DomainError).message).toContain("check character mismatch: expected '3', found '4'");
    }
  });
});

describe('regionCodeOfUscc', () => {
  it('returns positions 3-8', () => {
    expect(regionCodeOfUscc('91350100M000100Y43')).toBe('350100');
    expect(regionCodeOfUscc('914403001922038216')).toBe('440300');
  });

  it('refuses to read the region of an invalid code', () => {
    expect(() => regionCodeOfUscc('91350100M000100Y44')).toThrow(DomainError);
  });
});
