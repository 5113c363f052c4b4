import { DomainError, ErrorCode } from '@app/domain';
import { QueryFailedError } from 'typeorm';
import { asUnavailable, isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('PostgreSQL unavailable → DomainError(Unavailable)', () => {
  it.each(['57P01', '57P02', '57P03', '08000', '08003', '08006'])('recognises SQLSTATE %s', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  it('recognises refused connections, lost connections and pool timeouts', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')]))).toBe(true);
  });

  it("looks into TypeORM's driverError and an error's cause", () => {
    const wrapped = new QueryFailedError('SELECT 1', [], withCode('57P01', 'terminating connection'));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: withCode('08006') }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    const unique = withCode('23505', 'duplicate key value');
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(asUnavailable(unique)).toBe(unique);
    const domain = new DomainError(ErrorCode.NotFound, 'no run');
    expect(asUnavailable(domain)).toBe(domain);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });

  it('converts with the code, a stable message, the cause and a detail', () => {
    const original = withCode('57P03', 'the database system is starting up');
    const mapped = asUnavailable(original) as DomainError;
    expect(mapped).toBeInstanceOf(DomainError);
    expect(mapped.code).toBe(ErrorCode.Unavailable);
    expect(mapped.message).toBe('the database is unavailable, try again shortly');
    expect(mapped.details).toEqual([{ path: 'database', message: 'the database system is starting up' }]);
    expect(mapped.cause).toBe(original);
  });
});
