import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A piece of COPY text: UTF-8 bytes as prepared, or a string (encoded here). */
export type CopyPiece = Uint8Array | string;

const CHUNK_BYTES = 1 << 20;

/**
 * Streams prepared COPY text into `table (columns)` on `client`: the pieces are joined, in order,
 * into chunks of about 1 MB (flat memory, large writes for PostgreSQL) with one copy of their bytes.
 */
export async function copyInto(
  client: PoolClient,
  table: string,
  columns: string[],
  pieces: readonly CopyPiece[],
): Promise<void> {
  if (pieces.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  function* chunks(): Generator<Buffer> {
    let parts: Uint8Array[] = [];
    let bytes = 0;
    for (const piece of pieces) {
      const part = typeof piece === 'string' ? Buffer.from(piece) : piece;
      parts.push(part);
      bytes += part.length;
      if (bytes >= CHUNK_BYTES) {
        yield Buffer.concat(parts, bytes);
        parts = [];
        bytes = 0;
      }
    }
    if (bytes > 0) yield Buffer.concat(parts, bytes);
  }
  await pipeline(Readable.from(chunks(), { objectMode: false }), stream);
}
