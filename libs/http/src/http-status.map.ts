import { ErrorCode } from '@app/domain';
import { HttpStatus } from '@nestjs/common';

/** Every domain error code mapped to HTTP once; the switch is exhaustive, a new code will not compile without one. */
export function httpStatusOf(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.InvalidUscc:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorCode.Unauthorized:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.CalendarNotCovered:
    case ErrorCode.NotPossible:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.InvalidConfig:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    case ErrorCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
