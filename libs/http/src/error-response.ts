import type { ErrorDetail } from '@app/domain';

/** The one error shape of the API (DESIGN.md). */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  details: ErrorDetail[];
  correlationId: string | null;
}
