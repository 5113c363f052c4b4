import { Role, TokenService } from '@app/auth';
import { AppConfig } from '@app/config';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dropPrefix, freePort, waitForHealth } from '../local-api';
import { withClient } from './scratch-database';

export interface BenchSummaryOptions {
  enterprises: number;
  seed: number;
  /** Timed requests per case, after a few untimed ones. */
  repeat: number;
}

export interface SummaryCase {
  /** What was asked: the query string of GET /api/v1/tiers/summary (or the page's requests). */
  name: string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface BenchSummaryResult {
  enterprises: number;
  assessed: number;
  cases: SummaryCase[];
  /** The console dashboard's first requests, sent together as the page sends them. */
  dashboard: SummaryCase;
  /** The maintained summary equals a full count of the register (tiers and unassessed). */
  exact: boolean;
}

const WARM_UP = 5;

/**
 * `GET /api/v1/tiers/summary` on bench:assess's population (after at least one run): the built api
 * (`dist/apps/api`, as deployed) in a child process on a local port,
 * called over HTTP by a regulator of the whole country, for the whole register, a province, a city,
 * an industry section and class, and each breakdown; then the requests the console's dashboard
 * sends on load, together. Also checks the maintained summary against a full count.
 */
export async function benchSummary(
  base: AppConfig,
  options: BenchSummaryOptions,
): Promise<BenchSummaryResult> {
  const name = `tw_bench_assess_${options.enterprises}_${options.seed}`;
  const admin = new URL(base.databaseUrl);
  admin.pathname = '/postgres';
  const url = new URL(base.databaseUrl);
  url.pathname = `/${name}`;
  const found = await withClient(admin.toString(), (c) =>
    c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]),
  );
  if (!found.rowCount)
    throw new Error(
      `no database ${name}: run npm run bench:assess -- --enterprises ${options.enterprises} --seed ${options.seed} --reuse first`,
    );
  const probe = await withClient(url.toString(), async (c) => {
    const counts = await c.query<{ tier: string | null; n: number }>(
      `SELECT current_tier AS tier, count(*)::int AS n FROM enterprises GROUP BY 1`,
    );
    const province = await c.query<{ p: string }>(
      `SELECT left(region_code, 2) AS p FROM enterprises GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const city = await c.query<{ p: string }>(
      `SELECT left(region_code, 4) AS p FROM enterprises GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const industry = await c.query<{ p: string }>(
      `SELECT left(industry_code, 3) AS p FROM enterprises WHERE industry_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    return {
      counts: counts.rows,
      province: province.rows[0]?.p,
      city: city.rows[0]?.p,
      industry: industry.rows[0]?.p,
    };
  });
  const assessed = probe.counts.filter((r) => r.tier !== null).reduce((s, r) => s + r.n, 0);
  if (assessed === 0)
    throw new Error(
      `${name} has no tiers yet: run npm run bench:assess -- --enterprises ${options.enterprises} --reuse first`,
    );

  const entry = join(__dirname, '../../../api/src/main.js');
  if (!existsSync(entry))
    throw new Error(`no built api at ${entry}: run npm run build (npm run bench:summary does)`);
  const secret = randomBytes(32).toString('hex');
  const prefix = `tw-bench-summary-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // The built api as deployed, in its own process, against the bench database.
  const api = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      REDIS_URL: base.redisUrl,
      REDIS_PREFIX: prefix,
      HOST: '127.0.0.1',
      PORT: String(port),
      AUTH_JWT_SECRET: secret,
      LOG_LEVEL: 'fatal',
      // The bench's own requests must not be the ones refused.
      RATE_LIMIT_PER_PRINCIPAL: '1000000',
      RATE_LIMIT_PER_IP: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(origin, api);
    const token = new TokenService(base.with({ AUTH_JWT_SECRET: secret })).issue({
      subject: 'bench:summary',
      roles: [Role.Regulator],
      regions: ['*'],
    });
    const call = async (path: string): Promise<unknown> => {
      const response = await fetch(`${origin}/api/v1${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    const time = async (label: string, send: () => Promise<unknown>): Promise<SummaryCase> => {
      for (let i = 0; i < WARM_UP; i++) await send();
      const ms: number[] = [];
      for (let i = 0; i < options.repeat; i++) {
        const t0 = performance.now();
        await send();
        ms.push(performance.now() - t0);
      }
      return { name: label, ...percentiles(ms) };
    };
    const queries = [
      '',
      `?region=${probe.province}`,
      `?region=${probe.city}`,
      `?industry=${probe.industry?.slice(0, 1)}`,
      `?industry=${probe.industry}`,
      '?groupBy=province',
      `?region=${probe.province}&groupBy=city`,
      `?region=${probe.city}&groupBy=county`,
      '?groupBy=section',
    ];
    const cases: SummaryCase[] = [];
    for (const q of queries) cases.push(await time(`tiers/summary${q}`, () => call(`/tiers/summary${q}`)));
    // What Dashboard.vue asks for on load (apps/web/src/pages/Dashboard.vue), all at once.
    const dashboardPaths = [
      '/tiers/summary?groupBy=province',
      '/tiers/summary?groupBy=section',
      '/investment-warnings?status=open&limit=10',
      '/observation-periods?status=active&endingWithinDays=30&limit=10',
      '/inspection-load/top?limit=10',
      '/assessment-runs?limit=5',
      '/inspection-tasks?overdue=true&limit=10',
    ];
    const dashboard = await time('dashboard (7 requests together)', () =>
      Promise.all(dashboardPaths.map((p) => call(p))),
    );
    const whole = (await call('/tiers/summary')) as { tiers: Record<string, number>; unassessed: number };
    const counted: Record<string, number> = {};
    let unassessed = 0;
    for (const r of await withClient(
      url.toString(),
      async (c) =>
        (
          await c.query<{ tier: string | null; n: number }>(
            `SELECT current_tier AS tier, count(*)::int AS n FROM enterprises GROUP BY 1`,
          )
        ).rows,
    ))
      if (r.tier === null) unassessed = r.n;
      else counted[r.tier] = r.n;
    const exact =
      unassessed === whole.unassessed &&
      JSON.stringify(sortKeys(counted)) === JSON.stringify(sortKeys(whole.tiers));
    return { enterprises: options.enterprises, assessed, cases, dashboard, exact };
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => (api.exitCode === null ? api.once('exit', resolve) : resolve(null)));
    await dropPrefix(base.redisUrl, prefix);
  }
}

function percentiles(ms: number[]): Omit<SummaryCase, 'name'> {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v: number) => Math.round(v * 10) / 10;
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(sorted[sorted.length - 1]) };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
