import { parseIsoDuration, windowBounds } from './iso-duration.util';

describe('parseIsoDuration', () => {
  it.each([
    ['P3Y', { years: 3, months: 0, weeks: 0, days: 0 }],
    ['P6M', { years: 0, months: 6, weeks: 0, days: 0 }],
    ['P30D', { years: 0, months: 0, weeks: 0, days: 30 }],
    ['P1Y6M2W3D', { years: 1, months: 6, weeks: 2, days: 3 }],
  ])('reads %s', (text, duration) => {
    expect(parseIsoDuration(text)).toEqual(duration);
  });

  it.each(['', 'P', 'P0Y', 'PT1H', 'P1YT1H', '3Y', 'P1.5Y', 'P-1D', 'P3y', 'P1D1Y'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('windowBounds', () => {
  it.each([
    ['2026-11-24', 'P3Y', '2023-11-24'],
    ['2026-11-24', 'P1Y', '2025-11-24'],
    ['2026-11-24', 'P6M', '2026-05-24'],
    ['2026-03-31', 'P1M', '2026-02-28'],
    ['2024-02-29', 'P1Y', '2023-02-28'],
    ['2026-01-10', 'P30D', '2025-12-11'],
    ['2026-01-10', 'P2W', '2025-12-27'],
    ['2026-11-24', 'P1Y1M1D', '2025-10-23'],
  ])('counts %s minus %s back to %s (exclusive)', (asOf, window, after) => {
    expect(windowBounds(asOf, window)).toEqual({ after, through: asOf });
  });

  it('throws on what the validator would have refused', () => {
    expect(() => windowBounds('2026-11-24', 'P')).toThrow(RangeError);
    expect(() => windowBounds('24/11/2026', 'P1Y')).toThrow(RangeError);
  });
});
