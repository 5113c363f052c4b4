import type { ParsedRow } from './parsed-row';

/**
 * Parses a small JSON body that is already in memory: an array whose elements are the rows (`row` is the
 * 1-based index). Throws when the body is not JSON or not an array, since then there are no rows to report.
 */
export function parseJsonArray(text: string): ParsedRow[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(body)) throw new Error('body must be a JSON array');
  return body.map((element: unknown, index): ParsedRow => {
    const row = index + 1;
    return typeof element === 'object' && element !== null && !Array.isArray(element)
      ? { row, value: element as Record<string, unknown> }
      : { row, error: 'must be a JSON object' };
  });
}
