import { DomainError } from '../errors/domain-error';
import { organisationCodeCheckCharacter } from './organisation-code-check.util';

describe('organisationCodeCheckCharacter', () => {
  it('computes the organisation check of the GB 32100 example by hand', () => {
    // M(22)*3 + 0*7 + 0*9 + 0*10 + 1*5 + 0*8 + 0*4 + Y(34)*2 = 139; 139 mod 11 = 7; 11 - 7 = 4
    expect(organisationCodeCheckCharacter('M000100Y')).toBe('4');
  });

  it("gives 'X' when 11 - (sum mod 11) is 10", () => {
    // 7*3 + 1*7 + 5*9 + 2*10 + 6*5 + 7*8 + 2*4 + 6*2 = 199; 199 mod 11 = 1; 11 - 1 = 10
    expect(organisationCodeCheckCharacter('71526726')).toBe('X');
  });

  it("gives '0' when the sum is a multiple of 11", () => {
    expect(organisationCodeCheckCharacter('00000000')).toBe('0');
  });

  it.each([
    ['19220382', '1'],
    ['80210043', '3'],
    ['70846113', '6'],
  ])('matches the organisation check embedded in a real code (%s)', (body, expected) => {
    expect(organisationCodeCheckCharacter(body)).toBe(expected);
  });

  it('rejects a body that is not 8 characters', () => {
    expect(() => organisationCodeCheckCharacter('1922038')).toThrow(
      'organisation code check needs exactly 8 characters, got 7',
    );
  });

  it('rejects characters that are neither digits nor upper-case letters', () => {
    expect(() => organisationCodeCheckCharacter('1922-382')).toThrow(DomainError);
    expect(() => organisationCodeCheckCharacter('1922-382')).toThrow(
      "invalid organisation code character '-' at position 5",
    );
  });
});
