// Rejected rows as a CSV people can open in a spreadsheet (RFC 4180 quoting, a BOM for Excel).

export interface RejectedRow {
  row: number;
  path: string;
  message: string;
}

function cell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function rejectsCsv(rows: RejectedRow[]): string {
  const lines = [['row', 'path', 'message'], ...rows.map((r) => [r.row, r.path, r.message])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The content type the ingestion routes expect for a file name. */
export function contentTypeOf(fileName: string): string | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson';
  if (name.endsWith('.json')) return 'application/json';
  return null;
}
