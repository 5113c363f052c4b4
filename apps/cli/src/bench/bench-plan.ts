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
import { ScratchDatabase } from './scratch-database';

export interface BenchPlanOptions {
  enterprises: number;
  inspectors: number;
  seed: string;
}

export interface BenchPlanResult {
  pool: number;
  tasks: number;
  stages: { stage: string; seconds: number; perSecond: number }[];
  plan: { seconds: number };
  enqueue: { jobs: number; seconds: number; perSecond: number; batch: number };
  bareAddBulk: { jobs: number; seconds: number; perSecond: number; batch: number };
  ratio: number;
  whole: { seconds: number };
  unassignable: number;
  peakRssMb: number;
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
 * and its jobs enqueued by the real outbox relay; in the same run a bare BullMQ addBulk of as many
 * jobs of the same shape, in batches of the same size, gives the reference rate.
 */
export async function benchPlan(base: AppConfig, options: BenchPlanOptions): Promise<BenchPlanResult> {
  const prefix = `tw-bench-plan-${Date.now().toString(36)}`;
  const scratch = await ScratchDatabase.create(base.with({ REDIS_PREFIX: prefix }), 'tw_bench_plan');
  const config = scratch.config.with({ REDIS_PREFIX: prefix });
  const queues = new QueueRegistry(config);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const ds = scratch.dataSource;
    console.log(
      `loading ${options.enterprises} tiered enterprises and ${options.inspectors} inspectors (not timed)`,
    );
    await loadRegister(scratch, options.enterprises);
    const cls = new ClsService(new AsyncLocalStorage());
    const audit = new AuditService(ds, cls);
    const outbox = new OutboxWriter(cls);
    await new InspectorService(ds, audit).upsert(
      Array.from({ length: options.inspectors }, (_, i) => ({
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
    await ds.query('VACUUM ANALYZE');

    const plans = new PlanService(ds, new RuleSetStore(ds), outbox, audit, new Clock(), new RuleDataStore());
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
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

    const relay = new OutboxRelay(ds, queues, config);
    const batch = config.outboxBatchSize;
    const e0 = performance.now();
    let jobs = 0;
    for (;;) {
      const r = await relay.deliverPending(batch);
      if (r.failed > 0) throw new Error('the relay could not deliver: see the log');
      if (r.delivered === 0) break;
      jobs += r.delivered;
    }
    const enqueueSeconds = (performance.now() - e0) / 1000;
    const whole = (performance.now() - t0) / 1000;

    const bare = new Queue('bench-bare', { connection: { url: config.redisUrl }, prefix });
    const b0 = performance.now();
    for (let i = 0; i < jobs; i += batch) {
      await bare.addBulk(
        Array.from({ length: Math.min(batch, jobs - i) }, (_, k) => ({
          name: 'inspection.dispatch',
          data: { payload: { taskId: `bare-${i + k}` }, correlationId: null, outboxId: String(i + k) },
          opts: { jobId: `bare-${i + k}`, delay: 86_400_000, removeOnComplete: true },
        })),
      );
    }
    const bareSeconds = (performance.now() - b0) / 1000;
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
      enqueue: { jobs, seconds: round(enqueueSeconds), perSecond: Math.round(enqueueRate), batch },
      bareAddBulk: { jobs, seconds: round(bareSeconds), perSecond: Math.round(bareRate), batch },
      ratio: Math.round((enqueueRate / bareRate) * 100) / 100,
      whole: { seconds: round(whole) },
      unassignable: plan.summary.assignment.unassignable,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
    };
  } finally {
    clearInterval(sampler);
    await queues.onApplicationShutdown();
    await clearPrefix(config, prefix);
    await scratch.drop();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

async function loadRegister(scratch: ScratchDatabase, n: number): Promise<void> {
  const runner = scratch.dataSource.createQueryRunner();
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
