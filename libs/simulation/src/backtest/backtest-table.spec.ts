import { backtestTable } from './backtest-table';

describe('backtestTable', () => {
  it('counts inspections and issues per tier, every tier listed, with exact rates', () => {
    const rows = backtestTable(
      [
        { tier: 'A', issuesFound: false },
        { tier: 'A', issuesFound: false },
        { tier: 'A', issuesFound: true },
        { tier: 'C', issuesFound: true },
        { tier: 'C', issuesFound: true },
        { tier: 'C', issuesFound: false },
        { tier: null, issuesFound: true },
      ],
      ['A', 'B', 'C', 'D'],
    );
    expect(rows).toEqual([
      { tier: 'A', inspections: 3, issuesFound: 1, detectionRate: '0.3333', detectionRateBp: 3333 },
      { tier: 'B', inspections: 0, issuesFound: 0, detectionRate: null, detectionRateBp: null },
      { tier: 'C', inspections: 3, issuesFound: 2, detectionRate: '0.6667', detectionRateBp: 6667 },
      { tier: 'D', inspections: 0, issuesFound: 0, detectionRate: null, detectionRateBp: null },
      { tier: 'unassessed', inspections: 1, issuesFound: 1, detectionRate: '1.0000', detectionRateBp: 10000 },
    ]);
  });
});
