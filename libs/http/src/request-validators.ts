import type { ErrorDetail } from '@app/domain';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * Custom class-validator decorators for request DTOs, each ONE constraint with one message, so a
 * broken field is named once (class-validator reports every failed constraint of a field).
 */

/** Marks the message of a `Check` whose problems lie below the field (`[3]`, `.C`); see validationDetails. */
export const SUB_PATH_PROBLEMS = '\u0001sub-path-problems:';

/** Problems of a value, each at a path relative to the field: '' (the field), '[3]', '.C'. */
export type RelativeProblems = ErrorDetail[];

/**
 * A check of its own on a field, whose problems may name places inside it (`scope.usccs[3]`,
 * `ratioOverrides.C`): `fn` returns them with paths relative to the field. `name` keeps two checks
 * on one field apart.
 */
export function Check(
  name: string,
  fn: (value: unknown, object: object) => RelativeProblems,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: `check:${name}`,
      validator: {
        validate: (value: unknown, args) => fn(value, args?.object ?? {}).length === 0,
        defaultMessage: (args) => {
          const problems = fn(args?.value, args?.object ?? {});
          return problems.length === 1 && problems[0].path === ''
            ? problems[0].message
            : SUB_PATH_PROBLEMS + JSON.stringify(problems);
        },
      },
    },
    options,
  );
}

/** A text of 1-`max` characters that is not only blanks. */
export function IsText(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= max,
        defaultMessage: () => `must be a text of 1-${max} characters`,
      },
    },
    options,
  );
}

/** A whole number from `min` to `max` (a number in JSON, not text). */
export function IsWholeNumber(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWholeNumber',
      validator: {
        validate: (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
        defaultMessage: () => `must be a whole number ${min}-${max}`,
      },
    },
    options,
  );
}

/**
 * A list of `min`-`max` entries; `item` (when given) checks each entry, whose problems are named by
 * index (`industries[2]`).
 */
export function IsList(
  bounds: { min: number; max: number; message?: string },
  item?: (entry: unknown) => string | null,
  options?: ValidationOptions,
): PropertyDecorator {
  const message =
    bounds.message ??
    (bounds.min === 0
      ? `must be a list of at most ${bounds.max}`
      : `must be a list of ${bounds.min}-${bounds.max}`);
  return Check(
    'isList',
    (value) => {
      if (!Array.isArray(value) || value.length < bounds.min || value.length > bounds.max)
        return [{ path: '', message }];
      if (!item) return [];
      const problems: RelativeProblems = [];
      value.forEach((entry: unknown, i) => {
        const problem = item(entry);
        if (problem !== null) problems.push({ path: `[${i}]`, message: problem });
      });
      return problems;
    },
    options,
  );
}

/** An entry of an `IsList` that must be an object (its fields are checked by `@ValidateNested`). */
export const anObject = (entry: unknown): string | null =>
  typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? null : 'must be an object';

/** An entry of an `IsList` that must be a text matching `pattern`. */
export const aTextMatching =
  (pattern: RegExp, message: string) =>
  (entry: unknown): string | null =>
    typeof entry === 'string' && pattern.test(entry) ? null : message;

/**
 * The field may be left out, but not sent as null (unlike `@IsOptional`, which lets null through):
 * its other constraints then apply.
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
