import { DomainError, ErrorCode } from '@app/domain';
import { JobName, JobRegistry, QueueName, QueueRegistry, WorkerHost } from '@app/queue';
import { Job } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { eventually, TestEnv } from '../../support/test-env';

/**
 * The worker host against real Redis: a permanent failure (a domain error such as a missing row)
 * is attempted once and fails for good; a transient one (a refused connection) is retried with
 * backoff until it succeeds.
 */
describe('job failures: permanent ones once, transient ones retried', () => {
  let env: TestEnv;
  let registry: QueueRegistry;
  let host: WorkerHost;
  const calls = new Map<string, number>();

  beforeAll(async () => {
    env = await TestEnv.create();
    registry = new QueueRegistry(env.config);
    const handlers = {
      handlerFor: () => async (payload: { requestedBy: string }) => {
        const n = (calls.get(payload.requestedBy) ?? 0) + 1;
        calls.set(payload.requestedBy, n);
        if (payload.requestedBy === 'permanent') {
          throw new DomainError(ErrorCode.NotFound, 'no such audit entry');
        }
        if (payload.requestedBy === 'transient' && n < 3) {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        return { ok: n };
      },
    } as unknown as JobRegistry;
    host = new WorkerHost(handlers, env.config, new ClsService(new AsyncLocalStorage()));
    host.onApplicationBootstrap();
  });
  afterAll(async () => {
    await host.beforeApplicationShutdown();
    await registry.onApplicationShutdown();
    await env.dispose();
  });

  const add = (requestedBy: string) =>
    registry
      .get(QueueName.Maintenance)
      .add(
        JobName.AuditVerifyChain,
        { payload: { requestedBy }, correlationId: null, outboxId: requestedBy },
        { jobId: requestedBy, attempts: 4, backoff: { type: 'fixed', delay: 100 } },
      );
  const settled = async (id: string): Promise<Job> => {
    const queue = registry.get(QueueName.Maintenance);
    await eventually(async () => {
      const state = await queue.getJobState(id);
      return state === 'failed' || state === 'completed';
    }, 15_000);
    // Read once settled: a job fetched while it ran would show the attempts counted before it ended.
    return (await queue.getJob(id))!;
  };

  it('fails a permanent failure on its first attempt, without retrying', async () => {
    await add('permanent');
    const job = await settled('permanent');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('NOT_FOUND: no such audit entry');
    expect(calls.get('permanent')).toBe(1);
  });

  it('retries a transient failure with backoff until it succeeds', async () => {
    await add('transient');
    const job = await settled('transient');
    expect(await job.getState()).toBe('completed');
    expect(calls.get('transient')).toBe(3);
    expect(job.returnvalue).toEqual({ ok: 3 });
  });
});
