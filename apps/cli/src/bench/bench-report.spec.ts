import {
  BenchReport,
  headlineFigures,
  lastJsonLine,
  reportBaseName,
  reportJson,
  reportMarkdown,
} from './bench-report';

const report: BenchReport = {
  meta: {
    date: '2026-12-02T18:04:05.000Z',
    enterprises: 100_000,
    lightsEvents: 1000,
    commit: 'abc123def456',
    node: 'v24.21.0',
    cores: 2,
    loadBefore: 1.2,
    loadAfter: 3.4,
  },
  benches: [
    {
      bench: 'plan',
      ok: true,
      seconds: 12.3,
      load: { before: 1.2, after: 2.5 },
      result: {
        tasks: 9250,
        plan: { seconds: 1.4 },
        whole: { seconds: 2.8 },
        cpu: { plan: { nodeSeconds: 1.1, postgresSeconds: 0.6 } },
        enqueue: { perSecond: 9000 },
        ratio: 0.8,
        peakRssMb: 240,
      },
    },
    {
      bench: 'lights',
      ok: false,
      seconds: 0.5,
      load: { before: 2.5, after: 2.4 },
      error: 'exited with code 1 | see\nthe log',
    },
    {
      bench: 'sampling',
      ok: true,
      seconds: 3,
      load: { before: 2.4, after: 3.4 },
      // an older result shape: only what it carries is shown
      result: { enterprises: 100_000, drawMs: 120 },
    },
  ],
};

describe('bench report', () => {
  it('names the files by the day of the run and the size', () => {
    expect(reportBaseName(report.meta)).toBe('2026-12-02-100000');
  });

  it("picks each benchmark's headline figures, and only those its result carries", () => {
    expect(headlineFigures('plan', report.benches[0].ok ? report.benches[0].result : {})).toEqual([
      ['tasks', '9250'],
      ['plan call', '1.4 s'],
      ['whole plan', '2.8 s'],
      ['node CPU (plan call)', '1.1 s'],
      ['PostgreSQL CPU (plan call)', '0.6 s'],
      ['jobs/s', '9000'],
      ['× bare addBulk', '0.8×'],
      ['peak RSS', '240 MB'],
    ]);
    expect(headlineFigures('sampling', { enterprises: 100_000, drawMs: 120 })).toEqual([
      ['pool', '100000'],
      ['draw', '120 ms'],
    ]);
    // a yes/no figure is shown as such, whichever way it went
    expect(
      headlineFigures('summary', { slowestMedianMs: 4.2, dashboard: { medianMs: 31 }, exact: false }),
    ).toEqual([
      ['slowest summary (median)', '4.2 ms'],
      ['dashboard requests (median)', '31 ms'],
      ['equals a full count', 'no'],
    ]);
  });

  it('writes a Markdown table with the conditions, one row per benchmark, a failure as such', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('- commit: abc123def456');
    expect(md).toContain('- node: v24.21.0, 2 cores');
    expect(md).toContain('- machine load (1-min average): 1.2 before, 3.4 after');
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toEqual([
      '| bench | status | time | load | figures |',
      '| --- | --- | --- | --- | --- |',
      '| plan | ok | 12.3 s | 1.2 → 2.5 | tasks 9250; plan call 1.4 s; whole plan 2.8 s; node CPU (plan call) 1.1 s; PostgreSQL CPU (plan call) 0.6 s; jobs/s 9000; × bare addBulk 0.8×; peak RSS 240 MB |',
      '| lights | FAILED | 0.5 s | 2.5 → 2.4 | exited with code 1 \\| see the log |',
      '| sampling | ok | 3 s | 2.4 → 3.4 | pool 100000; draw 120 ms |',
    ]);
    expect(md).toContain('Failed: lights.');
  });

  it('writes the whole report as JSON that reads back equal', () => {
    expect(JSON.parse(reportJson(report))).toEqual(report);
  });

  it("takes a benchmark's figures from the last JSON line of its output", () => {
    const output = ['loading…', '{"a":1}', '== bench ==', '{ not json', '{"b":2}', ''].join('\n');
    expect(lastJsonLine(output)).toEqual({ b: 2 });
    expect(lastJsonLine('no figures\n[1,2]\n')).toBeUndefined();
  });
});
