/**
 * One row out of a parser. `row` is what a user needs to find it in their file: for NDJSON the 1-based
 * physical line number (blank lines are skipped but still counted), for CSV and JSON arrays the 1-based
 * record / element number (a CSV header is not counted).
 */
export type ParsedRow =
  | { row: number; value: Record<string, unknown> }
  /**
   * A row that could not be parsed, or holds a value no field may (`path` names the field: a NUL, a
   * lone surrogate, nesting too deep); parsing goes on with the next one.
   */
  | { row: number; error: string; path?: string };
