import { AppConfig, within } from '@app/config';
import { Metrics } from '@app/metrics';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { asJobFailure } from './job-failure';
import { JobRegistry } from './job.registry';
import { ALL_QUEUE_NAMES, JOB_QUEUE, JobEnvelope, JobName } from './queue.contract';
import { createRedis } from './redis-connection';

/**
 * One BullMQ worker per queue, dispatching each job to its registered handler. On shutdown it
 * stops taking jobs and waits for the running ones; past the grace period it closes hard, and the
 * unfinished jobs return to the queue when their locks expire (BullMQ's stalled-job check).
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private connection?: IORedis;

  constructor(
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
    private readonly cls: ClsService,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = createRedis(this.config, 'worker');
    for (const queue of ALL_QUEUE_NAMES) {
      const worker = new Worker<JobEnvelope>(queue, (job) => this.process(job), {
        connection: this.connection,
        prefix: this.config.redisPrefix,
        concurrency: this.config.workerConcurrency,
        lockDuration: this.config.workerLockDurationMs,
        stalledInterval: this.config.workerStalledIntervalMs,
        // A job whose worker died goes back to its queue this many times (chunks are idempotent).
        maxStalledCount: this.config.workerMaxStalledCount,
        autorun: true,
      });
      worker.on('failed', (job, error) =>
        // In the job's correlation context, so that its failure line carries the id too.
        this.cls.run(() => {
          if (job?.data.correlationId) this.cls.set(CLS_ID, job.data.correlationId);
          this.logger.warn(
            `job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}${
              error instanceof UnrecoverableError ? ', permanent: not retried' : ''
            }): ${error.message}`,
          );
        }),
      );
      worker.on('error', (error) => this.logger.error(`worker ${queue}: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`listening on ${ALL_QUEUE_NAMES.join(', ')}`);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.workers.length === 0) return;
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: waiting for running jobs`);
    // Running jobs get the grace period less a reserve for closing the rest (the process exits at
    // the full grace whatever happens: exitAfterGrace in main.ts).
    const graceMs = this.config.workerShutdownGraceMs;
    const reserveMs = Math.min(3000, Math.floor(graceMs / 3));
    const grace = new AbortController();
    const graceful = Promise.all(this.workers.map((w) => w.close())).then(
      () => true,
      () => false,
    );
    const done = await Promise.race([
      graceful,
      sleep(graceMs - reserveMs, false, { signal: grace.signal }).catch(() => false),
    ]);
    grace.abort();
    if (!done) {
      this.logger.warn('grace period over: closing hard, unfinished jobs go back to their queue');
      // Redis may be unreachable: a hard close then waits for it forever.
      await within(Promise.all(this.workers.map((w) => w.close(true))), reserveMs / 2);
    }
    this.workers.length = 0;
    this.connection?.disconnect();
  }

  private async process(job: Job<JobEnvelope>): Promise<unknown> {
    const handler = this.registry.handlerFor(job.name);
    if (!handler || JOB_QUEUE[job.name as JobName] === undefined) {
      throw new UnrecoverableError(`no handler for job "${job.name}"`);
    }
    return this.cls.run(async () => {
      // The request's correlation id (or, for a scheduled job, one of its own): every log line of the
      // job and every job it enqueues (OutboxWriter reads it) carry it.
      this.cls.set(CLS_ID, job.data.correlationId ?? randomUUID());
      const started = Date.now();
      const observe = (outcome: string) =>
        this.metrics?.jobDuration.observe(
          { queue: job.queueName, job: job.name, outcome },
          (Date.now() - started) / 1000,
        );
      try {
        const result = await handler(job.data.payload, job);
        observe('completed');
        this.logger.log(`${job.name} ${job.id} done in ${Date.now() - started} ms`);
        return result;
      } catch (error) {
        observe('failed');
        // Permanent failures are not retried (queue contract); transient ones go back unchanged.
        throw asJobFailure(error);
      }
    });
  }
}
