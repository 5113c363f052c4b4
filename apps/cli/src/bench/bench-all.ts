import { AppConfig } from '@app/config';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../repo-paths';
import { withClient } from './scratch-database';
import {
  BENCH_NAMES,
  BenchName,
  BenchOutcome,
  BenchReport,
  lastJsonLine,
  reportBaseName,
  reportJson,
  reportMarkdown,
} from './bench-report';
import { cores, loadAverage } from './machine';

export interface BenchAllOptions {
  enterprises: number;
  /** Investment events of the lights benchmark (default: a hundredth of the enterprises, at least 1,000). */
  lightsEvents?: number;
  /** Only these benchmarks (default: all, in BENCH_NAMES order). */
  only?: BenchName[];
  /** Where the report goes (default bench-results/ in the repository). */
  outDir?: string;
}

/** Node flags of a benchmark, as its npm script runs it. */
const NODE_FLAGS: Partial<Record<BenchName, string[]>> = {
  assess: ['--max-semi-space-size=64'],
  simulate: ['--max-semi-space-size=64'],
};

/**
 * `npm run bench`: every benchmark at one size, one after another, each in a child process of its own
 * (`tierwatch bench <name> … --json`, the same command and functions as its own npm script, so that
 * its peak RSS is its own and a crash of one leaves the others running); a failure is recorded and
 * the next one runs. Writes `<outDir>/<date>-<size>.json` and `.md` and returns the report.
 */
export async function benchAll(
  base: AppConfig,
  options: BenchAllOptions,
): Promise<{ report: BenchReport; files: string[] }> {
  const n = options.enterprises;
  const lightsEvents = options.lightsEvents ?? Math.max(1000, Math.round(n / 100));
  const args: Record<BenchName, string[]> = {
    ingest: ['--enterprises', `${n}`],
    // assess keeps its populated database for simulate (dropped at the end)
    assess: ['--enterprises', `${n}`, '--reuse', '--incremental'],
    summary: ['--enterprises', `${n}`],
    simulate: ['--enterprises', `${n}`, '--reuse'],
    workers: ['--enterprises', `${n}`],
    plan: ['--enterprises', `${n}`],
    lights: ['--events', `${lightsEvents}`],
    sampling: ['--enterprises', `${n}`],
  };
  const date = new Date().toISOString();
  const loadBefore = loadAverage();
  const benches: BenchOutcome[] = [];
  const chosen = BENCH_NAMES.filter((b) => !options.only || options.only.includes(b));
  for (const bench of chosen) {
    console.log(`\n## bench ${bench} ${args[bench].join(' ')}`);
    const before = loadAverage();
    const t0 = performance.now();
    const seconds = () => Math.round((performance.now() - t0) / 100) / 10;
    try {
      const output = await runChild([
        ...(NODE_FLAGS[bench] ?? []),
        process.argv[1],
        'bench',
        bench,
        ...args[bench],
        '--json',
      ]);
      const result = lastJsonLine(output);
      if (!result) throw new Error('the benchmark printed no JSON figures');
      benches.push({ bench, ok: true, seconds: seconds(), load: { before, after: loadAverage() }, result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`bench ${bench} failed: ${message}`);
      benches.push({
        bench,
        ok: false,
        seconds: seconds(),
        load: { before, after: loadAverage() },
        error: message,
      });
    }
  }
  if (['assess', 'summary', 'simulate', 'workers'].some((b) => chosen.includes(b as BenchName)))
    await dropAssessDatabase(base, n);
  const report: BenchReport = {
    meta: {
      date,
      enterprises: n,
      lightsEvents,
      commit: commitOf(),
      node: process.version,
      cores: cores(),
      loadBefore,
      loadAfter: loadAverage(),
    },
    benches,
  };
  const outDir = options.outDir ?? join(repoRoot(), 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, reportBaseName(report.meta));
  writeFileSync(`${file}.json`, reportJson(report));
  writeFileSync(`${file}.md`, reportMarkdown(report));
  return { report, files: [`${file}.json`, `${file}.md`] };
}

/** Runs this CLI's node with `args`; its output is shown as it comes and returned. */
function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      output += text;
      process.stdout.write(text);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(signal ? `killed by ${signal}` : `exited with code ${code}`));
    });
  });
}

function commitOf(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: repoRoot(),
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot(),
      encoding: 'utf8',
    }).trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

/** bench:assess's kept database (tw_bench_assess_<n>_1), which only simulate needed. */
async function dropAssessDatabase(base: AppConfig, n: number): Promise<void> {
  const admin = new URL(base.databaseUrl);
  admin.pathname = '/postgres';
  await withClient(admin.toString(), (c) =>
    c.query(`DROP DATABASE IF EXISTS tw_bench_assess_${n}_1 WITH (FORCE)`),
  ).catch((error: Error) => console.log(`could not drop tw_bench_assess_${n}_1: ${error.message}`));
}
