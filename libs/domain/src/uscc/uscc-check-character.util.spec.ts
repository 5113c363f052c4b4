import { DomainError, ErrorCode } from '../errors/domain-error';
import { usccCheckCharacter } from './uscc-check-character.util';

describe('usccCheckCharacter', () => {
  it('computes the GB 32100 example by hand', () => {
    // 9*1 + 1*3 + 3*9 + 5*27 + 0*19 + 1*26 + 0*16 + 0*17 + M(21)*20 + 0*29 + 0*25 + 0*13
    //   + 1*8 + 0*24 + 0*10 + Y(30)*30 + 4*28 = 1640; 1640 mod 31 = 28; 31 - 28 = 3 -> '3'
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it.each([
    ['914403001922038216', '6'],
    ['91110000802100433B', 'B'],
    ['91440300708461136T', 'T'],
    ['9144030071526726XG', 'G'],
  ])('gives the published check character of %s', (code, expected) => {
    expect(usccCheckCharacter(code.slice(0, 17))).toBe(expected);
  });

  it("maps a remainder of 0 to '0' rather than the non-existent 31st character", () => {
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('rejects input that is not 17 characters', () => {
    expect(() => usccCheckCharacter('91350100M000100Y')).toThrow(
      'check character needs exactly 17 characters, got 16',
    );
  });

  it('rejects characters outside the USCC alphabet with their position', () => {
    const attempt = () => usccCheckCharacter('91350100M0001O0Y4');
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow("invalid character 'O' at position 14");
    try {
      attempt();
    } catch (error) {
      expect((error as DomainError).code).toBe(ErrorCode.InvalidUscc);
    }
  });
});
