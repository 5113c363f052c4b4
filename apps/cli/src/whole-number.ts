/** An option's whole-number value within [min, max], or an error naming the option and the range. */
export function wholeNumber(value: string, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}-${max}`;
    throw new Error(`${flag} must be a whole number, ${range}`);
  }
  return n;
}
