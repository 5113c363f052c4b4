import { registerDecorator, ValidationOptions } from 'class-validator';

/** A calendar date `YYYY-MM-DD` that exists and is not after today (Asia/Shanghai). */
export function IsPastLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPastLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && dateProblem(value) === null,
        defaultMessage: (args) =>
          args?.value === undefined || args.value === null
            ? 'is required'
            : (dateProblem(String(args.value)) ?? ''),
      },
    });
}

export function dateProblem(value: string, today = shanghaiToday()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return `must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    return `${value} is not a calendar date`;
  if (value > today) return `${value} is in the future (today is ${today} in Asia/Shanghai)`;
  return null;
}

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
