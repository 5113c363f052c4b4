import { RuleSetStore } from '@app/rulesets';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { makeUscc } from '@app/domain';
import { Clock, InspectorService, PlanService, PlanStage, RuleDataStore } from '@app/inspection';
import { OutboxRelay, OutboxWriter, QueueRegistry } from '@app/queue';
import { Queue } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dataSourceOptions, migrateWithLock } from '@app/persistence';
import { DataSource } from 'typeorm';
import { cores, CpuMeter, CpuSplit, loadAverage, MachineLoad, PeakRss } from './machine';
import { withClient } from './scratch-database';

export interface BenchPlanOptions {
  enterprises: number;
  inspectors: number;
  seed: string;
  /**
   * Keep the loaded register and roster as a template database (tw_bench_plan_tpl_<n>_<m>) and
   * clone it next time instead of loading again (the load is not timed anyway).
   */
  reuse?: boolean;
  /** Outbox relays delivering at once (each worker process runs one; default 1). */
  relays?: number;
}

export interface BenchPlanResult {
  pool: number;
  tasks: number;
  stages: { stage: string; seconds: number; perSecond: number }[];
  plan: { seconds: number };
  enqueue: { jobs: number; seconds: number; perSecond: number; batch: number; relays: number };
  bareAddBulk: { jobs: number; seconds: number; perSecond: number; batch: number };
  ratio: number;
  whole: { seconds: number };
  unassignable: number;
  /** The process's peak, the bare addBulk reference included. */
  peakRssMb: number;
  /**
   * The peak up to the end of the plan call (what the api holds), and up to the end of the enqueue
   * (the plan's whole work: the call and the relay); the bare addBulk reference comes after.
   */
  peakRssByPhaseMb: { planCall: number; wholePlan: number };
  /** CPU seconds of the plan call and of the enqueue: this process and the PostgreSQL backends. */
  cpu: { plan: CpuSplit; enqueue: CpuSplit; bareAddBulk: Pick<CpuSplit, 'nodeSeconds'> };
  machine: MachineLoad;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const REGIONS = [
  '330106',
  '330108',
  '330205',
  '350102',
  '350203',
  '370102',
  '370202',
  '440305',
  '440106',
  '320102',
];
const TIER_SHARES: [string, number][] = [
  ['A', 0.65],
  ['B', 0.25],
  ['C', 0.08],
  ['D', 0.02],
];

/**
 * A 双随机 plan over a tiered register of N enterprises with a roster of M inspectors: the register
 * and roster are loaded directly (not timed; tiers in the DOMAIN.md mix), then the plan is drawn
 * through the real service (pool, strata, draw, assignment, tasks and outbox rows in one transaction)
 * and its jobs enqueued by the real outbox relay (`relays` of them at once, as that many worker
 * processes would: each runs one); in the same run a bare BullMQ addBulk of as many jobs of the same shape, in batches
 * of the same size and as many at once, gives the reference rate.
 */
export async function benchPlan(base: AppConfig, options: BenchPlanOptions): Promise<BenchPlanResult> {
  const prefix = `tw-bench-plan-${Date.now().toString(36)}`;
  const db = await scratchPlanDatabase(base, options);
  const config = db.config.with({ REDIS_PREFIX: prefix });
  const queues = new QueueRegistry(config);
  const rss = new PeakRss();
  const loadBefore = loadAverage();
  const relays = options.relays ?? 1;
  try {
    const ds = db.dataSource;
    const cls = new ClsService(new AsyncLocalStorage());
    const audit = new AuditService(ds, cls);
    const outbox = new OutboxWriter(cls);
    const plans = new PlanService(ds, new RuleSetStore(ds), outbox, audit, new Clock(), new RuleDataStore());
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // The pool's connections are opened before the meters start (a backend that leaves is lost).
    await Promise.all(Array.from({ length: relays + 1 }, () => ds.query('SELECT 1')));
    const planCpu = await CpuMeter.start(ds);
    const t0 = performance.now();
    const plan = await plans.create(
      {
        name: 'bench: 全域食品安全双随机抽查',
        window: { start: today, end: today.slice(0, 4) + '-12-31' },
        scope: {},
        items: [{ name: '食品安全', type: 'general', department: '食品经营处', qualification: '食品安全' }],
        seed: options.seed,
      },
      'bench',
    );
    const planSeconds = (performance.now() - t0) / 1000;
    const planPeakMb = rss.mark();
    const planSplit = await planCpu.stop();

    const batch = config.outboxBatchSize;
    const enqueueCpu = await CpuMeter.start(ds);
    const e0 = performance.now();
    const delivered = await Promise.all(
      Array.from({ length: relays }, async () => {
        const relay = new OutboxRelay(ds, queues, config);
        let n = 0;
        for (;;) {
          const r = await relay.deliverPending(batch);
          if (r.failed > 0) throw new Error('the relay could not deliver: see the log');
          if (r.delivered === 0) return n;
          n += r.delivered;
        }
      }),
    );
    const jobs = delivered.reduce((a, b) => a + b, 0);
    const enqueueSeconds = (performance.now() - e0) / 1000;
    const enqueueSplit = await enqueueCpu.stop();
    const whole = (performance.now() - t0) / 1000;
    const wholePeakMb = rss.mark();

    const bare = new Queue('bench-bare', { connection: { url: config.redisUrl }, prefix });
    const bareCpu = await CpuMeter.start(ds);
    const b0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: relays }, async () => {
        while (next < jobs) {
          const i = next;
          next += batch;
          await bare.addBulk(
            Array.from({ length: Math.min(batch, jobs - i) }, (_, k) => ({
              name: 'inspection.dispatch',
              data: { payload: { taskId: `bare-${i + k}` }, correlationId: null, outboxId: String(i + k) },
              opts: { jobId: `bare-${i + k}`, delay: 86_400_000, removeOnComplete: true },
            })),
          );
        }
      }),
    );
    const bareSeconds = (performance.now() - b0) / 1000;
    const bareSplit = await bareCpu.stop();
    await bare.close();

    const stages = (plan.summary.stages ?? []).map((s: PlanStage) => ({
      stage: s.stage,
      seconds: s.ms / 1000,
      perSecond: Math.round(s.rows / Math.max(s.ms / 1000, 0.001)),
    }));
    const enqueueRate = jobs / enqueueSeconds;
    const bareRate = jobs / bareSeconds;
    return {
      pool: plan.poolSize,
      tasks: plan.selected,
      stages,
      plan: { seconds: round(planSeconds) },
      enqueue: { jobs, seconds: round(enqueueSeconds), perSecond: Math.round(enqueueRate), batch, relays },
      bareAddBulk: { jobs, seconds: round(bareSeconds), perSecond: Math.round(bareRate), batch },
      ratio: Math.round((enqueueRate / bareRate) * 100) / 100,
      whole: { seconds: round(whole) },
      unassignable: plan.summary.assignment.unassignable,
      peakRssMb: rss.stop(),
      peakRssByPhaseMb: { planCall: planPeakMb, wholePlan: wholePeakMb },
      cpu: { plan: planSplit, enqueue: enqueueSplit, bareAddBulk: { nodeSeconds: bareSplit.nodeSeconds } },
      machine: { loadBefore, loadAfter: loadAverage(), cores: cores() },
    };
  } finally {
    rss.stop();
    await queues.onApplicationShutdown();
    await clearPrefix(config, prefix);
    await db.drop();
  }
}

interface PlanDatabase {
  config: AppConfig;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A scratch database holding the tiered register and the roster: loaded afresh, or (reuse) cloned
 * from a template database that the first such run loads and keeps.
 */
async function scratchPlanDatabase(base: AppConfig, options: BenchPlanOptions): Promise<PlanDatabase> {
  const admin = new URL(base.databaseUrl);
  admin.pathname = '/postgres';
  const urlOf = (name: string) => {
    const url = new URL(base.databaseUrl);
    url.pathname = `/${name}`;
    return base.with({ DATABASE_URL: url.toString(), NODE_ENV: 'test' });
  };
  const open = (config: AppConfig) =>
    new DataSource({ ...dataSourceOptions(config, 'tierwatch-bench'), logging: false }).initialize();
  const template = `tw_bench_plan_tpl_${options.enterprises}_${options.inspectors}`;
  const name = `tw_bench_plan_${Date.now().toString(36)}`;
  const adminQuery = (sql: string) => withClient(admin.toString(), (c) => c.query(sql));
  const fresh =
    !options.reuse ||
    (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${template}'`)).rowCount === 0;
  const target = options.reuse ? template : name;
  if (fresh) {
    await adminQuery(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${target}`);
    const ds = await open(urlOf(target));
    await migrateWithLock(ds);
    console.log(
      `loading ${options.enterprises} tiered enterprises and ${options.inspectors} inspectors (not timed)`,
    );
    await loadRegister(ds, options.enterprises);
    await loadRoster(ds, options.inspectors);
    await ds.query('VACUUM ANALYZE');
    if (!options.reuse) return { config: urlOf(name), dataSource: ds, drop: () => dropDatabase(ds, name) };
    await ds.destroy();
  } else console.log(`cloning ${template} (loaded by an earlier --reuse run)`);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const ds = await open(urlOf(name));
  await migrateWithLock(ds);
  return { config: urlOf(name), dataSource: ds, drop: () => dropDatabase(ds, name) };

  async function dropDatabase(ds: DataSource, db: string): Promise<void> {
    await ds.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}

async function loadRoster(ds: DataSource, inspectors: number): Promise<void> {
  const audit = new AuditService(ds, new ClsService(new AsyncLocalStorage()));
  await new InspectorService(ds, audit).upsert(
    Array.from({ length: inspectors }, (_, i) => ({
      id: `INS-${String(i).padStart(5, '0')}`,
      name: `检查员${i}`,
      department: '市场监管综合执法',
      regionCode: REGIONS[i % REGIONS.length].slice(0, 4),
      qualifications: i % 5 === 0 ? ['食品安全', '特种设备'] : ['食品安全'],
      certified: i % 50 !== 0,
      conflictUsccs: [],
      capacityPerPeriod: 60,
    })),
    'bench',
  );
}

const round = (n: number) => Math.round(n * 10) / 10;

async function loadRegister(ds: DataSource, n: number): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
  try {
    function* lines(): Generator<string> {
      let chunk = '';
      for (let i = 0; i < n; i++) {
        let body = '';
        for (let v = i, k = 0; k < 7; k++, v = Math.floor(v / 31)) body = ALPHABET[v % 31] + body;
        const region = REGIONS[i % REGIONS.length];
        const uscc = makeUscc({ region, orgBody: `B${body}` });
        const u = ((i * 2654435761) % 1000) / 1000;
        let acc = 0;
        let tier = 'D';
        for (const [t, share] of TIER_SHARES)
          if (u < (acc += share)) {
            tier = t;
            break;
          }
        chunk += `${uscc}\tbench-${i}\t${region}\tH6210\t2015-01-01\t${tier}\t{food}\n`;
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(
      Readable.from(lines()),
      client.query(
        copyFrom(
          `COPY enterprises (uscc, name, region_code, industry_code, established_on, current_tier, tags) FROM STDIN`,
        ),
      ),
    );
  } finally {
    await runner.release();
  }
}

async function clearPrefix(config: AppConfig, prefix: string): Promise<void> {
  const { default: IORedis } = await import('ioredis');
  const redis = new IORedis(config.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
