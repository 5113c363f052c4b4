import { validateUscc } from '@app/domain';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** A valid unified social credit code (GB 32100-2015); the message says what is wrong with it. */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateUscc(value).valid,
        defaultMessage: (args) => {
          if (args?.value === undefined || args.value === null) return 'is required';
          if (typeof args.value !== 'string') return 'must be an 18-character unified social credit code';
          const result = validateUscc(args.value);
          return result.valid ? '' : result.message;
        },
      },
    });
}
