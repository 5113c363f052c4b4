import type { JobsOptions } from 'bullmq';

/**
 * The one queue contract: every queue, every job, its payload and its queue. A job with a wrong
 * payload does not compile; a job without exactly one handler stops the worker at boot.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  Ingestion = 'ingestion',
  Assessment = 'assessment',
}

export enum JobName {
  /** Walk the audit log's hash chain and report the first broken link. */
  AuditVerifyChain = 'audit.verify-chain',
  /** Delete outbox rows delivered more than N days ago. */
  OutboxPrune = 'outbox.prune',
  /** Process a stored import (a large ingestion body), resuming after its last committed batch. */
  ImportProcess = 'import.process',
  /** Re-assess the enterprises that ingestion marked as changed, once they have been quiet a while. */
  ReassessMarked = 'assessment.reassess-marked',
}

export interface JobPayloads {
  [JobName.AuditVerifyChain]: { requestedBy: string };
  [JobName.OutboxPrune]: { olderThanDays: number };
  [JobName.ImportProcess]: { importId: string };
  [JobName.ReassessMarked]: { requestedAt: string };
}

export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
export type JobOf<N extends JobName> = JobPayloads[N];

export const JOB_QUEUE = {
  [JobName.AuditVerifyChain]: QueueName.Maintenance,
  [JobName.OutboxPrune]: QueueName.Maintenance,
  [JobName.ImportProcess]: QueueName.Ingestion,
  [JobName.ReassessMarked]: QueueName.Assessment,
} as const satisfies Record<JobName, QueueName>;

/** Per-job BullMQ options, in one place. Job ids (dedupe) come from the outbox row. */
export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  [JobName.AuditVerifyChain]: { attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  [JobName.OutboxPrune]: { attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  // An import resumes from its last committed batch, so retrying is always safe.
  [JobName.ImportProcess]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // Marks stay until their enterprise is assessed, so a retry only redoes the rest. One pending job
  // at a time: BullMQ ignores further adds while it waits (and forgets the id once it has run).
  [JobName.ReassessMarked]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    deduplication: { id: 'reassess-marked' },
  },
};

/** Kept long enough that a re-delivered outbox row still finds its job id and is ignored. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** What a BullMQ job carries: the typed payload plus the correlation id of the request behind it. */
export interface JobEnvelope<N extends JobName = JobName> {
  payload: JobOf<N>;
  correlationId: string | null;
  outboxId: string;
}

export const ALL_JOB_NAMES = Object.values(JobName);
export const ALL_QUEUE_NAMES = Object.values(QueueName);
