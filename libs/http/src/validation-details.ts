import type { ValidationError } from 'class-validator';
import type { ErrorDetail } from '@app/domain';

/**
 * Flattens class-validator's error tree into one detail per broken field, with a path readers
 * know from JSON: `records[12].uscc`, `scope.regionPrefix`.
 */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({
        path,
        message: message.startsWith(`${error.property} `)
          ? message.slice(error.property.length + 1)
          : message,
      });
    }
    if (error.children?.length) out.push(...validationDetails(error.children, path));
  }
  return out;
}
