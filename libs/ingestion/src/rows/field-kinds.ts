/**
 * Which row fields take a number or a boolean (the same names for enterprises and records, at the
 * top level or in `payload`); every other field takes text or a list of text.
 */
export const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'registeredCapital',
  'platformValuation',
  'platformMonthlyUsers',
  'amount',
  'year',
]);
export const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['isPlatform', 'newBusinessForm', 'heavier']);

/**
 * A row read twice, `first` by JSON.parse and `exact` with the numbers a double cannot hold kept as
 * their text (`exactNumbers`): the exact text where a number belongs, the number itself elsewhere
 * (where the validator refuses a number whatever its value, so `"name": 1.5` fails like `"name": 15`).
 */
export function mergeExactNumbers(first: unknown, exact: unknown): unknown {
  if (!isObject(first) || !isObject(exact)) return exact;
  for (const key in exact) {
    const value = first[key];
    if (key === 'payload' && isObject(value) && isObject(exact[key])) {
      const exactPayload = exact[key];
      for (const inner in exactPayload) {
        if (typeof value[inner] === 'number' && !NUMBER_FIELDS.has(inner)) exactPayload[inner] = value[inner];
      }
    } else if (typeof value === 'number' && !NUMBER_FIELDS.has(key)) exact[key] = value;
  }
  return exact;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
