/**
 * Every failure tierwatch reports on purpose carries a code from this enum. The HTTP edge maps
 * codes to status codes in one exhaustive switch (libs/http); workers map them to retry or not.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  InvalidUscc = 'INVALID_USCC',
  CalendarNotCovered = 'CALENDAR_NOT_COVERED',
  InvalidConfig = 'INVALID_CONFIG',
  /** A service tierwatch depends on (PostgreSQL) cannot be reached right now; try again shortly. */
  Unavailable = 'UNAVAILABLE',
  /** Understood but not possible now or ever (a repair applied for too early, or never repairable early). */
  NotPossible = 'NOT_POSSIBLE',
}

/** One problem at one place in the input, e.g. `{ path: "records[12].uscc", message: "check digit mismatch" }`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}
