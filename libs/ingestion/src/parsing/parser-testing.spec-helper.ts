import type { ParsedRow } from './parsed-row';

/** Test helpers shared by the parser specs (not exported from the lib). */
export async function collect(rows: AsyncIterable<ParsedRow>): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** `bytes` cut into chunks of the given sizes, used in turn. */
export async function* chunked(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    yield bytes.subarray(at, at + size);
    at += size;
  }
}
