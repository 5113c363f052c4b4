import type { ErrorDetail } from '@app/domain';

/** The one error shape of the API (DESIGN.md). */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  /** Machine-readable: a domain code (VALIDATION_FAILED, FORBIDDEN, …) or one per HTTP status. */
  code: string;
  message: string;
  details: ErrorDetail[];
  correlationId: string | null;
}
