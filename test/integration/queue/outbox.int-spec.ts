import { AppConfig } from '@app/config';
import { JobName, OutboxRelay, OutboxWriter, QueueName, QueueRegistry } from '@app/queue';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';
import { TestEnv } from '../../support/test-env';

describe('transactional outbox', () => {
  let env: TestEnv;
  let ds: DataSource;
  let writer: OutboxWriter;
  const registries: QueueRegistry[] = [];

  const relayFor = (config: AppConfig) => {
    const registry = new QueueRegistry(config);
    registries.push(registry);
    return { relay: new OutboxRelay(ds, registry, config), queue: registry.get(QueueName.Maintenance) };
  };
  const write = (n: number, from = 0) =>
    ds.transaction((m) =>
      writer.enqueueMany(
        m,
        Array.from({ length: n }, (_, i) => ({
          item: { name: JobName.AuditVerifyChain, data: { requestedBy: `test-${from + i}` } } as const,
        })),
      ),
    );
  const jobCount = async (config: AppConfig) => {
    const { queue } = relayFor(config);
    const counts = await queue.getJobCounts(
      'waiting',
      'delayed',
      'active',
      'completed',
      'failed',
      'prioritized',
    );
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    writer = new OutboxWriter(new ClsService(new AsyncLocalStorage()));
  });
  afterAll(async () => {
    await Promise.all(registries.map((r) => r.onApplicationShutdown()));
    await env.dispose();
  });

  it('writes nothing when the business transaction rolls back', async () => {
    await expect(
      ds.transaction(async (m) => {
        await writer.enqueue(m, { name: JobName.OutboxPrune, data: { olderThanDays: 1 } });
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect((await ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n).toBe(0);
  });

  it('delivers every row exactly once across a Redis outage and a lost commit', async () => {
    await write(50);

    // Redis is unreachable: nothing is delivered, nothing is lost, the failure is recorded.
    const down = relayFor(
      env.config.with({ REDIS_URL: 'redis://127.0.0.1:1', OUTBOX_ENQUEUE_TIMEOUT_MS: 300 }),
    );
    expect(await down.relay.deliverPending()).toEqual({ delivered: 0, failed: 50 });
    const pending = await ds.query(`SELECT attempts, last_error FROM outbox WHERE delivered_at IS NULL`);
    expect(pending).toHaveLength(50);
    expect(pending[0].attempts).toBe(1);
    expect(pending[0].last_error).toMatch(/Redis did not accept the jobs within 300 ms/);

    // Redis is back: all 50 arrive, with the outbox id as job id.
    const { relay, queue } = relayFor(env.config);
    expect(await relay.deliverPending()).toEqual({ delivered: 50, failed: 0 });
    expect(await jobCount(env.config)).toBe(50);
    const [first] = await ds.query(`SELECT id::text AS id FROM outbox ORDER BY outbox.id LIMIT 1`);
    const job = await queue.getJob(`outbox-${first.id}`);
    expect(job?.name).toBe(JobName.AuditVerifyChain);
    expect(job?.data).toMatchObject({ payload: { requestedBy: 'test-0' }, outboxId: first.id });

    // Running again delivers nothing new.
    expect(await relay.deliverPending()).toEqual({ delivered: 0, failed: 0 });

    // A relay that added jobs to Redis but died before its commit: the rows are re-sent with the
    // same job ids, and BullMQ keeps one job each.
    const ids = await write(10, 50);
    await queue.addBulk(
      ids.map((id, i) => ({
        name: JobName.AuditVerifyChain,
        data: { payload: { requestedBy: `test-${50 + i}` }, correlationId: null, outboxId: id },
        opts: { jobId: `outbox-${id}` },
      })),
    );
    expect(await relay.pendingCount()).toBe(10);
    expect(await relay.deliverPending()).toEqual({ delivered: 10, failed: 0 });
    expect(await jobCount(env.config)).toBe(60);
    expect(await relay.pendingCount()).toBe(0);
  });

  it('lets several relays drain one outbox without doubling a job', async () => {
    const before = await jobCount(env.config);
    await write(400, 1000);
    const relays = [relayFor(env.config), relayFor(env.config), relayFor(env.config)].map((r) => r.relay);
    const results = await Promise.all(
      relays.map(async (r) => {
        let delivered = 0;
        for (;;) {
          const { delivered: d } = await r.deliverPending(37);
          if (d === 0) return delivered;
          delivered += d;
        }
      }),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(400);
    expect(await jobCount(env.config)).toBe(before + 400);
  });

  it('keeps a caller-chosen job id, so a business id dedupes across rows', async () => {
    const before = await jobCount(env.config);
    await ds.transaction(async (m) => {
      await writer.enqueue(
        m,
        { name: JobName.OutboxPrune, data: { olderThanDays: 3 } },
        { jobId: 'prune-once' },
      );
      await writer.enqueue(
        m,
        { name: JobName.OutboxPrune, data: { olderThanDays: 3 } },
        { jobId: 'prune-once' },
      );
    });
    const { relay, queue } = relayFor(env.config);
    expect((await relay.deliverPending()).delivered).toBe(2);
    expect(await jobCount(env.config)).toBe(before + 1);
    expect((await queue.getJob('prune-once'))?.data.payload).toEqual({ olderThanDays: 3 });
  });
});
