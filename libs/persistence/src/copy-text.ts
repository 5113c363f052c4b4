/**
 * PostgreSQL COPY text format: tab-separated, `\N` for NULL, backslash escapes for the characters
 * that would break a line or a field.
 */
export type CopyValue = string | number | boolean | null | undefined;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Fields joined by tabs, without the line end. */
export function copyFields(values: CopyValue[]): string {
  let line = copyField(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + copyField(values[i]);
  return line;
}

export function copyLine(values: CopyValue[]): string {
  return copyFields(values) + '\n';
}

/** A PostgreSQL array literal of text, for a text[] column in COPY text format. */
export function textArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
