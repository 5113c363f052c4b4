import { AllExceptionsFilter, databaseRefusal } from './all-exceptions.filter';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { driverError: { code } });

describe('database refusals leave as 4xx in the error shape, never 500', () => {
  const filter = new AllExceptionsFilter({ isActive: () => false } as never);

  it.each([
    ['22P02', 400, 'VALIDATION_FAILED'], // invalid text representation
    ['22003', 400, 'VALIDATION_FAILED'], // numeric value out of range
    ['22021', 400, 'VALIDATION_FAILED'], // character not in repertoire (NUL)
    ['23505', 409, 'CONFLICT'], // unique violation
    ['23503', 409, 'CONFLICT'], // foreign key violation
  ])('SQLSTATE %s → %i %s', (sqlState, status, code) => {
    expect(filter.toResponse(pgError(sqlState), 'c-1')).toMatchObject({
      statusCode: status,
      code,
      correlationId: 'c-1',
    });
  });

  it('answers a lost database 503 UNAVAILABLE wherever it was raised (hooks included)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(filter.toResponse(refused, null)).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
  });

  it('leaves other database errors as an opaque 500', () => {
    expect(databaseRefusal(pgError('42P01'))).toBeNull();
    expect(filter.toResponse(pgError('42P01'), null)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'internal error',
      details: [],
      correlationId: null,
    });
  });
});
