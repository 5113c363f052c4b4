/**
 * The report of `npm run bench` (bench-all.ts): every benchmark's figures at one size, as JSON and
 * as a Markdown table, so that runs can be compared release to release. Pure: the runner gathers,
 * these functions only shape.
 */

export const BENCH_NAMES = [
  'ingest',
  'assess',
  'summary',
  'simulate',
  'workers',
  'plan',
  'lights',
  'sampling',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

export interface BenchRunMeta {
  /** When the run started, ISO-8601 UTC. */
  date: string;
  enterprises: number;
  /** Investment events of the lights benchmark. */
  lightsEvents: number;
  commit: string;
  node: string;
  cores: number;
  /** One-minute load average before the first benchmark and after the last. */
  loadBefore: number;
  loadAfter: number;
}

export type BenchOutcome =
  | {
      bench: BenchName;
      ok: true;
      seconds: number;
      /** 1-minute load average when this benchmark started and ended. */
      load: { before: number; after: number };
      result: Record<string, unknown>;
    }
  | {
      bench: BenchName;
      ok: false;
      seconds: number;
      load: { before: number; after: number };
      error: string;
    };

export interface BenchReport {
  meta: BenchRunMeta;
  benches: BenchOutcome[];
}

/** `bench-results/<date>-<size>`: the date of the run (UTC day) and the population size. */
export function reportBaseName(meta: Pick<BenchRunMeta, 'date' | 'enterprises'>): string {
  return `${meta.date.slice(0, 10)}-${meta.enterprises}`;
}

/**
 * The figures of one benchmark's result worth a column: label → value, in print order. A figure
 * the result does not carry (an older or failed shape) is left out, never invented.
 */
export function headlineFigures(bench: BenchName, result: Record<string, unknown>): [string, string][] {
  const at = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
        result,
      );
  const pick: [string, string, string][] = {
    ingest: [
      ['records/s', 'records.perSecond', ''],
      ['enterprises/s', 'enterprises.perSecond', ''],
      ['× same-shape COPY', 'ratio', '×'],
      ['node µs/record', 'records.cpuMicrosPerRecord.node', ''],
      ['PostgreSQL µs/record', 'records.cpuMicrosPerRecord.postgres', ''],
      ['peak RSS', 'peakRssMb', ' MB'],
    ],
    assess: [
      ['re-tier run', 'run.seconds', ' s'],
      ['enterprises/s', 'run.perSecond', ''],
      ['records', 'records', ''],
      ['node µs/enterprise', 'cpuMicrosPerEnterprise.node', ''],
      ['PostgreSQL µs/enterprise', 'cpuMicrosPerEnterprise.postgres', ''],
      ['daily incremental run', 'incremental.daily.seconds', ' s'],
      ['daily ÷ full run', 'incremental.ratio', ''],
      ['differing after daily', 'incremental.differing', ''],
      ['peak RSS', 'peakRssMb', ' MB'],
    ],
    summary: [
      ['slowest summary (median)', 'slowestMedianMs', ' ms'],
      ['dashboard requests (median)', 'dashboard.medianMs', ' ms'],
      ['equals a full count', 'exact', ''],
    ],
    workers: [
      ['1 worker', 'figures.0.seconds', ' s'],
      ['2 workers', 'figures.1.seconds', ' s'],
      ['speed-up', 'figures.1.speedup', '×'],
      ['cores busy (2 workers)', 'figures.1.coresBusy', ''],
    ],
    simulate: [
      ['simulation', 'simulation.seconds', ' s'],
      ['enterprises/s', 'simulation.perSecond', ''],
      ['× re-tier run', 'ratio', '×'],
      ['change tier', 'simulation.changed', ''],
      ['peak RSS', 'peakRssMb', ' MB'],
    ],
    plan: [
      ['tasks', 'tasks', ''],
      ['plan call', 'plan.seconds', ' s'],
      ['whole plan', 'whole.seconds', ' s'],
      ['node CPU (plan call)', 'cpu.plan.nodeSeconds', ' s'],
      ['PostgreSQL CPU (plan call)', 'cpu.plan.postgresSeconds', ' s'],
      ['jobs/s', 'enqueue.perSecond', ''],
      ['× bare addBulk', 'ratio', '×'],
      ['peak RSS by the end of the enqueue', 'peakRssByPhaseMb.wholePlan', ' MB'],
      ['peak RSS', 'peakRssMb', ' MB'],
    ],
    lights: [
      ['events', 'events', ''],
      ['events/s', 'perSecond', ''],
      ['warnings', 'warnings', ''],
    ],
    sampling: [
      ['pool', 'enterprises', ''],
      ['selected', 'selected', ''],
      ['draw', 'drawMs', ' ms'],
      ['assignment', 'assignMs', ' ms'],
    ],
  }[bench] as [string, string, string][];
  const out: [string, string][] = [];
  for (const [label, path, unit] of pick) {
    const value = at(path);
    if (typeof value === 'number' || typeof value === 'string') out.push([label, `${value}${unit}`]);
    else if (typeof value === 'boolean') out.push([label, value ? 'yes' : 'no']);
  }
  return out;
}

/** The report as written to `<base>.json`: the meta and every outcome, failures included. */
export function reportJson(report: BenchReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** The report as written to `<base>.md`: the conditions, then one row per benchmark. */
export function reportMarkdown(report: BenchReport): string {
  const { meta } = report;
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const lines = [
    `# tierwatch benchmarks, ${meta.date.slice(0, 10)}, ${meta.enterprises.toLocaleString('en-US')} enterprises`,
    '',
    `- date: ${meta.date}`,
    `- commit: ${meta.commit}`,
    `- node: ${meta.node}, ${meta.cores} cores`,
    `- machine load (1-min average): ${meta.loadBefore} before, ${meta.loadAfter} after`,
    `- lights: ${meta.lightsEvents.toLocaleString('en-US')} investment events`,
    '',
    '| bench | status | time | load | figures |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const b of report.benches) {
    const status = b.ok ? 'ok' : 'FAILED';
    const figures = b.ok
      ? headlineFigures(b.bench, b.result)
          .map(([label, value]) => `${label} ${value}`)
          .join('; ')
      : b.error;
    lines.push(
      `| ${b.bench} | ${status} | ${b.seconds} s | ${b.load.before} → ${b.load.after} | ${cell(figures)} |`,
    );
  }
  const failed = report.benches.filter((b) => !b.ok).map((b) => b.bench);
  lines.push('', failed.length ? `Failed: ${failed.join(', ')}.` : 'Every benchmark finished.', '');
  return lines.join('\n');
}

/** The last line of a benchmark's output that is a JSON object (its `--json` figures), or undefined. */
export function lastJsonLine(output: string): Record<string, unknown> | undefined {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // a log line that merely starts with a brace
    }
  }
  return undefined;
}
