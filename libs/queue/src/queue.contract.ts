import { ErrorCode, RuleSetKind } from '@app/domain';
import type { JobsOptions } from 'bullmq';

/**
 * The one queue contract: every queue, every job, its payload and its queue. A job with a wrong
 * payload does not compile; a job without exactly one handler stops the worker at boot.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  Ingestion = 'ingestion',
  Assessment = 'assessment',
  Inspection = 'inspection',
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
  /** Split a re-tier run's scope into chunks and add them as a BullMQ flow (chunks under a finish job). */
  AssessmentRunPlan = 'assessment.run-plan',
  /** Assess one chunk of a run; the chunk is marked done with its assessments in one transaction. */
  AssessmentRunChunk = 'assessment.run-chunk',
  /** The flow's parent: runs when every chunk has finished and closes the run. */
  AssessmentRunFinish = 'assessment.run-finish',
  /** The monthly re-tier of every enterprise (a job scheduler, Asia/Shanghai). */
  AssessmentMonthlyRun = 'assessment.monthly-run',
  /** The daily incremental re-tier of the enterprises whose tier is due to change or whose records changed. */
  AssessmentDailyRun = 'assessment.daily-run',
  /** An inspection task reaches its scheduled start: its inspectors are notified. Job id = task id. */
  InspectionDispatch = 'inspection.dispatch',
  /** A reminder before an open task's due date. */
  InspectionReminder = 'inspection.reminder',
  /** An open task passed its due date: escalate. */
  InspectionOverdue = 'inspection.overdue',
  /** 20 working days after the result: escalate when it is still unpublished. */
  InspectionPublicationDue = 'inspection.publication-due',
  /** A published (corrected, withdrawn) result goes back into the records as a spot check. */
  InspectionResultFeed = 'inspection.result-feed',
  /** A published rule-set version reaches its effectiveFrom: it comes into force (idempotent). */
  RuleSetActivate = 'rule-set.activate',
  /** Split a simulation's scope (or its sample) into chunks and send one job per chunk. */
  SimulationPlan = 'simulation.plan',
  /** Compare one chunk under the simulated version and the one in force; its tally commits with its mark. */
  SimulationChunk = 'simulation.chunk',
  /** Every chunk is done: sum the tallies into the simulation's result. */
  SimulationFinish = 'simulation.finish',
  /** A repair application reaches its decision deadline: escalate it when still undecided. */
  RepairEscalate = 'repair.escalate',
  /** Daily: records whose publicity period has ended stop counting (re-tier, audit). */
  RepairPublicityExpiry = 'repair.publicity-expiry',
  /** A yellow investment warning's quiet period ends: its light lapses and the enterprise is re-tiered. */
  InvestmentWarningQuiet = 'capital.warning-quiet',
  /** Ends observation periods and sandbox enrolments past their last day (daily). */
  SupervisionExpire = 'supervision.expire',
  /** Once a year: a risk-assessment task for every super platform (created once per platform per year). */
  PlatformRiskAssessment = 'inspection.platform-risk-assessment',
}

export interface JobPayloads {
  [JobName.AuditVerifyChain]: { requestedBy: string };
  [JobName.OutboxPrune]: { olderThanDays: number };
  [JobName.ImportProcess]: { importId: string };
  [JobName.ReassessMarked]: { requestedAt: string };
  [JobName.AssessmentRunPlan]: { runId: string };
  [JobName.AssessmentRunChunk]: { runId: string; chunkNo: number };
  [JobName.AssessmentRunFinish]: { runId: string };
  [JobName.AssessmentMonthlyRun]: { requestedBy: string };
  [JobName.AssessmentDailyRun]: { requestedBy: string };
  [JobName.InspectionDispatch]: { taskId: string };
  [JobName.InspectionReminder]: { taskId: string };
  [JobName.InspectionOverdue]: { taskId: string };
  [JobName.InspectionPublicationDue]: { taskId: string };
  [JobName.InspectionResultFeed]: { taskId: string };
  [JobName.RuleSetActivate]: { kind: RuleSetKind; version: string };
  [JobName.SimulationPlan]: { simulationId: string };
  [JobName.SimulationChunk]: { simulationId: string; chunkNo: number };
  [JobName.SimulationFinish]: { simulationId: string };
  [JobName.RepairEscalate]: { applicationId: string };
  [JobName.RepairPublicityExpiry]: { requestedBy: string };
  [JobName.InvestmentWarningQuiet]: { warningId: string; quietUntil: string };
  [JobName.SupervisionExpire]: { requestedBy: string };
  [JobName.PlatformRiskAssessment]: { year: number };
}

export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
export type JobOf<N extends JobName> = JobPayloads[N];

export const JOB_QUEUE = {
  [JobName.AuditVerifyChain]: QueueName.Maintenance,
  [JobName.OutboxPrune]: QueueName.Maintenance,
  [JobName.ImportProcess]: QueueName.Ingestion,
  [JobName.ReassessMarked]: QueueName.Assessment,
  [JobName.AssessmentRunPlan]: QueueName.Assessment,
  [JobName.AssessmentRunChunk]: QueueName.Assessment,
  [JobName.AssessmentRunFinish]: QueueName.Assessment,
  [JobName.AssessmentMonthlyRun]: QueueName.Assessment,
  [JobName.AssessmentDailyRun]: QueueName.Assessment,
  [JobName.InspectionDispatch]: QueueName.Inspection,
  [JobName.InspectionReminder]: QueueName.Inspection,
  [JobName.InspectionOverdue]: QueueName.Inspection,
  [JobName.InspectionPublicationDue]: QueueName.Inspection,
  [JobName.InspectionResultFeed]: QueueName.Inspection,
  [JobName.RuleSetActivate]: QueueName.Maintenance,
  [JobName.SimulationPlan]: QueueName.Assessment,
  [JobName.SimulationChunk]: QueueName.Assessment,
  [JobName.SimulationFinish]: QueueName.Assessment,
  [JobName.RepairEscalate]: QueueName.Maintenance,
  [JobName.RepairPublicityExpiry]: QueueName.Assessment,
  [JobName.InvestmentWarningQuiet]: QueueName.Assessment,
  [JobName.SupervisionExpire]: QueueName.Maintenance,
  [JobName.PlatformRiskAssessment]: QueueName.Inspection,
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
  // Planning is idempotent (chunks are written once, the flow is added once under fixed job ids).
  [JobName.AssessmentRunPlan]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // A chunk commits whole or not at all and a done chunk is skipped, so a retry is always safe. A
  // chunk that still fails leaves its parent to run anyway (ignoreDependencyOnFailure), which then
  // records the run as failed, naming the chunks.
  [JobName.AssessmentRunChunk]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    ignoreDependencyOnFailure: true,
  },
  [JobName.AssessmentRunFinish]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.AssessmentMonthlyRun]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
  [JobName.AssessmentDailyRun]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
  // Inspection jobs read the task's state when they run and do nothing when it has moved on, so
  // retries are safe; triggered tasks are added with a higher priority by the producer.
  [JobName.InspectionDispatch]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.InspectionReminder]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.InspectionOverdue]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.InspectionPublicationDue]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.InspectionResultFeed]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // Activation reads the versions when it runs and does nothing once applied; a job that arrives
  // before its instant (clock skew) fails transiently and is retried.
  [JobName.RuleSetActivate]: { attempts: 8, backoff: { type: 'exponential', delay: 2000 } },
  // Simulations write only their own tables, each step once: planning writes the chunks once, a
  // chunk commits its tally with its "done" mark (a done chunk is skipped), finishing sums once.
  [JobName.SimulationPlan]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.SimulationChunk]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.SimulationFinish]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // Escalation reads the application and does nothing once decided or escalated; expiry ends each
  // record once (a repaired record is no longer a candidate), so retries are safe.
  [JobName.RepairEscalate]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  [JobName.RepairPublicityExpiry]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
  // Reads the warning when it runs: a later quiet_until, a resolution or a lapse already recorded
  // make it do nothing, so retries and stale jobs are safe.
  [JobName.InvestmentWarningQuiet]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // Expiry ends only periods still open and past their last day: running it twice ends nothing twice.
  [JobName.SupervisionExpire]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // A platform's task of the year is unique in the database: a retry creates only what is missing.
  [JobName.PlatformRiskAssessment]: { attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
};

/**
 * Which failures of a job are worth retrying. A job that fails for good (`permanent`) is attempted
 * once: the worker host turns the error into BullMQ's `UnrecoverableError`. Everything else
 * (`transient`) is rethrown unchanged and retried with the job's backoff, up to its attempts.
 *
 * Permanent:
 * - a `DomainError` whose code says the input or the state is wrong (the table below: a payload
 *   naming a row that does not exist, a value that does not validate, a transition not allowed —
 *   the same job would fail the same way every time);
 * - a PostgreSQL data exception (SQLSTATE class 22, e.g. an invalid date or number in a payload) or
 *   a syntax / undefined-object error (class 42: a bug, not a passing condition).
 *
 * Transient: everything else, in particular lost or refused connections to PostgreSQL or Redis,
 * pool timeouts, serialization failures and deadlocks (40001, 40P01), integrity races (class 23,
 * settled by the retry) and `DomainError(Unavailable)`.
 */
export type JobFailureKind = 'permanent' | 'transient';

/** Every domain error code decided once; a new code does not compile without a decision. */
export const JOB_FAILURE_OF_CODE = {
  [ErrorCode.ValidationFailed]: 'permanent',
  [ErrorCode.NotFound]: 'permanent',
  [ErrorCode.Conflict]: 'permanent',
  [ErrorCode.Unauthorized]: 'permanent',
  [ErrorCode.Forbidden]: 'permanent',
  [ErrorCode.InvalidUscc]: 'permanent',
  [ErrorCode.CalendarNotCovered]: 'permanent',
  [ErrorCode.InvalidConfig]: 'permanent',
  [ErrorCode.Unavailable]: 'transient',
  [ErrorCode.NotPossible]: 'permanent',
} as const satisfies Record<ErrorCode, JobFailureKind>;

/** SQLSTATE classes whose errors no retry can cure (data exceptions; syntax or undefined objects). */
export const PERMANENT_SQLSTATE_CLASSES: readonly string[] = ['22', '42'];

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
