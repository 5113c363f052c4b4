import { AuditVerifyJob } from '@app/audit';
import { JobName, JobRegistryError, OnJob, OutboxWriter, QueueName, QueueRegistry } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { eventually, TestEnv } from '../../support/test-env';

@Injectable()
class SecondAuditVerifyJob {
  @OnJob(JobName.AuditVerifyChain)
  async verify(): Promise<void> {}
}

/** Takes its time, so the test can shut the worker down while the job runs. */
@Injectable()
class SlowAuditVerifyJob {
  @OnJob(JobName.AuditVerifyChain)
  async verify(): Promise<{ slow: true }> {
    await sleep(1500);
    return { slow: true };
  }
}

describe('worker boot and shutdown', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await TestEnv.create();
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('refuses to boot when a job has no handler', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(env.config)] })
      .overrideProvider(AuditVerifyJob)
      .useValue({})
      .compile();
    const app = moduleRef;
    let error: unknown;
    try {
      await app.init();
    } catch (e) {
      error = e;
    } finally {
      await app.close().catch(() => undefined);
    }
    expect(error).toBeInstanceOf(JobRegistryError);
    expect((error as JobRegistryError).problems).toEqual(['job "audit.verify-chain" has no handler']);
  });

  it('refuses to boot when a job has two handlers', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [WorkerModule.forRoot(env.config)],
      providers: [SecondAuditVerifyJob],
    }).compile();
    const app = moduleRef;
    await expect(app.init()).rejects.toThrow(
      'job "audit.verify-chain" has 2 handlers: AuditVerifyJob.verify, SecondAuditVerifyJob.verify',
    );
    await app.close().catch(() => undefined);
  });

  it('finishes the running job before it stops on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(env.config)] })
      .overrideProvider(AuditVerifyJob)
      .useClass(SlowAuditVerifyJob)
      .compile();
    const app = moduleRef;
    await app.init();
    const dataSource = app.get(DataSource);
    await dataSource.transaction((m) =>
      app
        .get(OutboxWriter)
        .enqueue(
          m,
          { name: JobName.AuditVerifyChain, data: { requestedBy: 'shutdown-test' } },
          { jobId: 'slow-1' },
        ),
    );
    const queue = app.get(QueueRegistry).get(QueueName.Maintenance);
    await eventually(async () => (await queue.getJob('slow-1'))?.isActive());

    await app.close(); // SIGTERM path: waits for the running job

    const check = new QueueRegistry(env.config);
    try {
      const job = await check.get(QueueName.Maintenance).getJob('slow-1');
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toEqual({ slow: true });
    } finally {
      await check.onApplicationShutdown();
    }
  });
});
