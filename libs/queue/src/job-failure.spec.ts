import { DomainError, ErrorCode } from '@app/domain';
import { UnrecoverableError } from 'bullmq';
import { asJobFailure, jobFailureKind } from './job-failure';

const pgError = (code: string, message = 'pg') => Object.assign(new Error(message), { code });

describe('job failures: permanent ones are not retried', () => {
  it.each([ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict, ErrorCode.InvalidUscc])(
    'DomainError %s is permanent',
    (code) => {
      expect(jobFailureKind(new DomainError(code, 'x'))).toBe('permanent');
    },
  );

  it('classifies PostgreSQL data and syntax errors as permanent, the rest as transient', () => {
    expect(jobFailureKind(pgError('22007', 'invalid input syntax for type date'))).toBe('permanent');
    expect(jobFailureKind(pgError('42703', 'column does not exist'))).toBe('permanent');
    expect(jobFailureKind(pgError('40001', 'could not serialize access'))).toBe('transient');
    expect(jobFailureKind(pgError('40P01', 'deadlock detected'))).toBe('transient');
    expect(jobFailureKind(pgError('57P01', 'terminating connection due to administrator command'))).toBe(
      'transient',
    );
    expect(jobFailureKind(pgError('23505', 'duplicate key'))).toBe('transient');
  });

  it('classifies connection failures and unknown errors as transient', () => {
    expect(jobFailureKind(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe('transient');
    expect(jobFailureKind(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(jobFailureKind('a string')).toBe('transient');
    expect(jobFailureKind(null)).toBe('transient');
  });

  it('wraps a permanent error in UnrecoverableError with its code, message and cause', () => {
    const original = new DomainError(ErrorCode.NotFound, 'no import 42');
    const wrapped = asJobFailure(original) as UnrecoverableError;
    expect(wrapped).toBeInstanceOf(UnrecoverableError);
    expect(wrapped.message).toBe('NOT_FOUND: no import 42');
    expect((wrapped as { cause?: unknown }).cause).toBe(original);
    expect(wrapped.stack).toContain('caused by DomainError: no import 42');
  });

  it('rethrows a transient error unchanged, and an UnrecoverableError as it is', () => {
    const transient = pgError('ECONNRESET');
    expect(asJobFailure(transient)).toBe(transient);
    const unrecoverable = new UnrecoverableError('stop');
    expect(asJobFailure(unrecoverable)).toBe(unrecoverable);
  });
});
