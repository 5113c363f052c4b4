import { basisPoints, fromMicro, quotient, toMicro } from './exact-decimal';

describe('exact decimals', () => {
  it('divides on integers and rounds half away from zero', () => {
    expect(quotient(1, 3)).toBe('0.33');
    expect(quotient(2, 3)).toBe('0.67');
    expect(quotient(1, 8, 2)).toBe('0.13');
    expect(quotient(-1, 8, 2)).toBe('-0.13');
    expect(quotient(10, 4, 0)).toBe('3');
    expect(quotient(0, 7, 4)).toBe('0.0000');
    expect(quotient(5, 0)).toBeNull();
    expect(quotient(123456789012345678901234567890n, 10n, 1)).toBe('12345678901234567890123456789.0');
  });

  it('gives rates in basis points', () => {
    expect(basisPoints(1, 4)).toBe(2500);
    expect(basisPoints(1, 3)).toBe(3333);
    expect(basisPoints(2, 3)).toBe(6667);
    expect(basisPoints(0, 0)).toBeNull();
  });

  it('reads rule decimals as micro-units exactly', () => {
    expect(toMicro(0.5)).toBe(500_000);
    expect(toMicro(0.03)).toBe(30_000);
    expect(toMicro(3)).toBe(3_000_000);
    expect(() => toMicro(0.1234567)).toThrow(RangeError);
    expect(fromMicro(1_500_000)).toBe('1.50');
    expect(fromMicro(30_000 * 3)).toBe('0.09');
  });
});
