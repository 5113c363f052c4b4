import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { ErrorDetail } from '@app/domain';
import { SUB_PATH_PROBLEMS } from './request-validators';

/** The fields a DTO class declares, for the message that refuses any other. */
function knownFields(target: object | undefined): string[] {
  if (!target) return [];
  const storage = getMetadataStorage();
  const metadata = storage.getTargetValidationMetadatas(target.constructor, '', true, false);
  return Object.keys(storage.groupByPropertyName(metadata));
}

function messagesOf(error: ValidationError): [string, string][] {
  const constraints = Object.entries(error.constraints ?? {});
  // "nested property x must be either object or array": said better by the field's own constraint.
  const own = constraints.filter(([key]) => key !== 'nestedValidation');
  if (own.length < constraints.length && own.length === 0) return [['nestedValidation', 'must be an object']];
  return own.map(([key, message]) => {
    if (key === 'whitelistValidation') {
      const known = knownFields(error.target);
      return [key, `is not a known field${known.length ? ` (${known.join(', ')})` : ''}`];
    }
    return [
      key,
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    ];
  });
}

/**
 * Flattens class-validator's error tree into one detail per broken field, with a path readers
 * know from JSON: `records[12].uscc`, `scope.regionPrefix`. A `Check` names places inside the
 * field (`scope.usccs[3]`, `ratioOverrides.C`); an unknown field lists the known ones.
 */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  const push = (detail: ErrorDetail) => {
    const key = `${detail.path}\u0000${detail.message}`;
    if (!seen.has(key)) out.push(detail);
    seen.add(key);
  };
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [, message] of messagesOf(error)) {
      if (message.startsWith(SUB_PATH_PROBLEMS)) {
        const inner = JSON.parse(message.slice(SUB_PATH_PROBLEMS.length)) as ErrorDetail[];
        for (const d of inner) push({ path: path + d.path, message: d.message });
      } else push({ path, message });
    }
    if (error.children?.length) validationDetails(error.children, path).forEach(push);
  }
  return out;
}
