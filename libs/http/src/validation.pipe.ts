import { DomainError, ErrorCode, ErrorDetail } from '@app/domain';
import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidatorOptions } from 'class-validator';
import { validationDetails } from './validation-details';

/** Unknown fields are refused, every broken field is named (the target lets the message list the known ones). */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: false,
  validationError: { target: true },
};

/** Global validation: unknown fields are refused, every broken field is named in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
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

/**
 * Validates a value that does not come through the pipe (a row of a JSON array body, a CSV line
 * turned into an object) with the same DTO class and the same options, its problems named under
 * `path` (`inspectors[3]` → `inspectors[3].regionCode`).
 */
export function validateAs<T extends object>(
  cls: new () => T,
  value: unknown,
  path: string,
): { ok: true; value: T } | { ok: false; problems: ErrorDetail[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problems: [{ path: path || 'body', message: 'must be an object' }] };
  const instance = plainToInstance(cls, value);
  const problems = validationDetails(validateSync(instance, VALIDATOR_OPTIONS), path);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: instance };
}

/**
 * A request body as its DTO class: the instance the ValidationPipe already checked, or a plain
 * object from a caller outside HTTP (the CLI, the demo, a test) checked here with the same class.
 * Throws a 400 (`invalid <what>`) naming every problem.
 */
export function checkedBody<T extends object>(cls: new () => T, body: unknown, what: string): T {
  if (body instanceof cls) return body;
  const checked = validateAs(cls, body, '');
  if (!checked.ok) throw new DomainError(ErrorCode.ValidationFailed, `invalid ${what}`, checked.problems);
  return checked.value;
}
