import { JobName, OutboxRelay, OutboxWriter, QueueName, QueueRegistry } from '@app/queue';
import { Job, Worker } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { eventually, TestEnv } from '../../support/test-env';

/**
 * The outbox keeps the time a job is due, so an outage of the relay never moves a deadline: a job
 * whose time passed while the relay was down runs at once when it returns; a future job is delayed
 * by exactly the time left.
 */
describe('outbox run_at: deadlines do not slip by the length of an outage', () => {
  let env: TestEnv;
  let ds: DataSource;
  let writer: OutboxWriter;
  let registry: QueueRegistry;
  let relay: OutboxRelay;

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    writer = new OutboxWriter(new ClsService(new AsyncLocalStorage()));
    registry = new QueueRegistry(env.config);
    // Never started: the test decides when the relay runs (stopped = an outage).
    relay = new OutboxRelay(ds, registry, env.config);
  });
  afterAll(async () => {
    await registry.onApplicationShutdown();
    await env.dispose();
  });

  const enqueue = (requestedBy: string, options: { runAt?: Date; delayMs?: number }) =>
    ds.transaction((m) =>
      writer.enqueue(m, { name: JobName.AuditVerifyChain, data: { requestedBy } }, options),
    );
  const runAtOf = async (outboxId: string): Promise<number> => {
    const [row] = await ds.query(`SELECT run_at FROM outbox WHERE id = $1`, [outboxId]);
    return new Date(row.run_at).getTime();
  };

  it('stores the absolute due time; a delay is turned into one when written', async () => {
    const due = new Date('2027-01-04T09:00:00+08:00');
    expect(await runAtOf(await enqueue('absolute', { runAt: due }))).toBe(due.getTime());
    const before = Date.now();
    const id = await enqueue('relative', { delayMs: 60_000 });
    const after = Date.now();
    const runAt = await runAtOf(id);
    expect(runAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(runAt).toBeLessThanOrEqual(after + 60_000);
    await ds.query(`DELETE FROM outbox`);
  });

  it('a job due during a relay outage runs at once when the relay returns', async () => {
    const due = new Date(Date.now() + 800);
    const id = await enqueue('due-during-outage', { runAt: due });
    // The relay is down until well past the due time.
    await eventually(async () => Date.now() > due.getTime() + 1500, 5000);
    expect(await relay.deliverPending()).toEqual({ delivered: 1, failed: 0 });

    const queue = registry.get(QueueName.Maintenance);
    const job = await queue.getJob(`outbox-${id}`);
    expect(job).toBeDefined();
    // Not delayed by the outage's length (or at all): it is waiting to run now.
    expect(job!.opts.delay ?? 0).toBe(0);
    expect(await job!.getState()).toBe('waiting');

    const processed: string[] = [];
    // BullMQ does not close a connection it was given: the test closes it (else jest never exits).
    const connection = env.redis();
    const worker = new Worker(
      QueueName.Maintenance,
      async (j: Job) => {
        processed.push(String(j.id));
      },
      { connection, prefix: env.redisPrefix },
    );
    try {
      await eventually(async () => processed.includes(`outbox-${id}`), 10_000);
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it('a future job is delayed by run_at - now at relay time, however late the relay is', async () => {
    const due = new Date(Date.now() + 3_600_000);
    const id = await enqueue('future', { runAt: due });
    // The relay comes a while after the write: the delay shrinks by that much, the due time stays.
    await sleep(700);
    const relayedAt = Date.now();
    expect(await relay.deliverPending()).toEqual({ delivered: 1, failed: 0 });
    const job = await registry.get(QueueName.Maintenance).getJob(`outbox-${id}`);
    expect(await job!.getState()).toBe('delayed');
    const delay = job!.opts.delay ?? 0;
    const expected = due.getTime() - relayedAt;
    expect(Math.abs(delay - expected)).toBeLessThan(1000);
    // BullMQ's own due time (added at + delay) is the stored run_at.
    expect(Math.abs(job!.timestamp + delay - due.getTime())).toBeLessThan(1000);
  });
});
