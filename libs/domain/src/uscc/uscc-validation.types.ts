import { UsccProblem } from './uscc-problem.enum';

/**
 * Outcome of validateUscc. A discriminated union rather than an exception so bulk imports can
 * collect every bad row with its reason instead of stopping at the first.
 */
export type UsccValidation =
  { valid: true; uscc: string } | { valid: false; reason: UsccProblem; message: string };
