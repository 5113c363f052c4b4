/**
 * Thrown while compiling a rule that uses something the compiler does not reproduce exactly; the
 * rule compiler turns it into an `unsupported` reason and falls back to json-rules-engine.
 */
export class UnsupportedFeatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFeatureError';
  }
}
