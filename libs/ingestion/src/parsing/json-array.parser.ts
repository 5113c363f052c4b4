import { mergeExactNumbers } from '../rows/field-kinds';
import type { ParsedRow } from './parsed-row';
import { checkValue, exactNumbers, needsExactRead, printable } from './value-check';

/**
 * Parses a small JSON body that is already in memory: an array whose elements are the rows (`row` is the
 * 1-based index). Throws when the body is not JSON or not an array, since then there are no rows to report.
 * An element holding a NUL or a lone surrogate in a string, or nested too deeply, is an error row naming
 * the field; numbers that are not safe integers are read as their exact text (see `exactNumbers`).
 */
export function parseJsonArray(text: string): ParsedRow[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid JSON: ${printable((error as Error).message)}`);
  }
  if (!Array.isArray(body)) throw new Error('body must be a JSON array');
  const strings = text.includes('\\u');
  let exact: unknown[] | undefined;
  return body.map((element: unknown, index): ParsedRow => {
    const row = index + 1;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      return { row, error: 'must be a JSON object' };
    }
    const check = checkValue(element, strings);
    if (check.problem) return { row, path: check.problem.path, error: check.problem.message };
    if (needsExactRead(check, text)) {
      // Read once more, the whole text, only when some element needs it.
      exact ??= JSON.parse(exactNumbers(text)) as unknown[];
      return { row, value: mergeExactNumbers(element, exact[index]) as Record<string, unknown> };
    }
    return { row, value: element as Record<string, unknown> };
  });
}
