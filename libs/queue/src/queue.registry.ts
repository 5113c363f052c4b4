import { AppConfig, within } from '@app/config';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { FlowJob, FlowProducer, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createRedis } from './redis-connection';
import {
  DEFAULT_JOB_OPTIONS,
  JOB_OPTIONS,
  JOB_QUEUE,
  JobEnvelope,
  JobItem,
  QueueName,
} from './queue.contract';

const CLOSE_TIMEOUT_MS = 1000;

/** A job of a flow: the typed item and its fixed id (adding the same flow twice is then detectable). */
export interface FlowItem {
  item: JobItem;
  jobId: string;
}

/** One BullMQ `Queue` per queue name, sharing one producer connection, under `REDIS_PREFIX`. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private connection?: IORedis;
  private readonly queues = new Map<QueueName, Queue>();
  private flows?: FlowProducer;

  constructor(private readonly config: AppConfig) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= createRedis(this.config, 'producer');
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.redisPrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      // Connection errors surface on the calls that need Redis; this keeps them off the event loop.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a parent job that runs once all its children have finished (a BullMQ flow), atomically.
   * Used by producers that already run inside a job (the outbox delivered that job exactly once);
   * the caller makes it idempotent by checking for the parent's fixed id first.
   */
  async addFlow(parent: FlowItem, children: FlowItem[], correlationId: string | null): Promise<void> {
    this.connection ??= createRedis(this.config, 'producer');
    this.flows ??= new FlowProducer({ connection: this.connection, prefix: this.config.redisPrefix });
    const job = ({ item, jobId }: FlowItem): FlowJob => {
      const data: JobEnvelope = { payload: item.data, correlationId, outboxId: `flow:${parent.jobId}` };
      return {
        name: item.name,
        queueName: JOB_QUEUE[item.name],
        data,
        opts: { ...DEFAULT_JOB_OPTIONS, ...JOB_OPTIONS[item.name], jobId },
      };
    };
    await this.flows.add({ ...job(parent), children: children.map(job) });
  }

  /**
   * Drops the producer connection and its queues; the next use opens fresh ones. The outbox relay
   * calls it when deliveries keep failing: after a Redis outage of half a minute the redis-outage
   * drill saw the old connection refuse every command (MaxRetriesPerRequestError) long after Redis
   * was back, while a new connection worked at once.
   */
  async reset(): Promise<void> {
    const queues = [...this.queues.values()];
    const flows = this.flows;
    const connection = this.connection;
    this.queues.clear();
    this.flows = undefined;
    this.connection = undefined;
    await within(Promise.allSettled([flows?.close(), ...queues.map((q) => q.close())]), CLOSE_TIMEOUT_MS);
    connection?.disconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    // A close waits for Redis to answer; an unreachable Redis must not hold the shutdown.
    await within(this.flows?.close() ?? Promise.resolve(), CLOSE_TIMEOUT_MS);
    this.flows = undefined;
    await within(Promise.allSettled([...this.queues.values()].map((q) => q.close())), CLOSE_TIMEOUT_MS);
    this.queues.clear();
    this.connection?.disconnect();
    this.connection = undefined;
  }
}
