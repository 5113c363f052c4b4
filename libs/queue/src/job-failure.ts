import { DomainError } from '@app/domain';
import { UnrecoverableError } from 'bullmq';
import { JOB_FAILURE_OF_CODE, JobFailureKind, PERMANENT_SQLSTATE_CLASSES } from './queue.contract';

/** Whether a job's failure is permanent or transient, by the rules of the queue contract. */
export function jobFailureKind(error: unknown): JobFailureKind {
  if (error instanceof UnrecoverableError) return 'permanent';
  if (error instanceof DomainError) return JOB_FAILURE_OF_CODE[error.code] ?? 'transient';
  const code = (error as { code?: unknown } | null)?.code;
  // SQLSTATEs are five characters; Node's own codes (ECONNREFUSED, …) are longer and transient.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)) ? 'permanent' : 'transient';
  }
  return 'transient';
}

/**
 * What the worker host throws to BullMQ for a handler's error: permanent failures as an
 * `UnrecoverableError` (no retry; the original stays as its cause and in its message), transient
 * ones unchanged (retried with backoff).
 */
export function asJobFailure(error: unknown): unknown {
  if (error instanceof UnrecoverableError || jobFailureKind(error) === 'transient') return error;
  const original = error as Error;
  const code = error instanceof DomainError ? `${error.code}: ` : '';
  const failure = new UnrecoverableError(`${code}${original.message}`);
  (failure as { cause?: unknown }).cause = error;
  if (original.stack) failure.stack = `${failure.name}: ${failure.message}\n  caused by ${original.stack}`;
  return failure;
}
