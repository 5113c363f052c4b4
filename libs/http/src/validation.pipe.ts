import { DomainError, ErrorCode } from '@app/domain';
import { ValidationPipe } from '@nestjs/common';
import { validationDetails } from './validation-details';

/** Global validation: unknown fields are refused, every broken field is named in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = validationDetails(errors);
      return new DomainError(
        ErrorCode.ValidationFailed,
        `request is invalid: ${details.length} problem(s), first at ${details[0]?.path ?? 'body'}: ${details[0]?.message ?? ''}`,
        details,
      );
    },
  });
}
