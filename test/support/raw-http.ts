import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * One request over node:http with a streamed body, answered even when the server refuses the body
 * before reading it all (a 413): the response counts, a broken upload after it does not.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Readable | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      new URL(path, baseUrl),
      { method, headers: { connection: 'close', ...options.headers } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: the text itself
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(error)), 200);
    });
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('error', () => req.destroy());
      body.pipe(req);
    }
  });
}

/** `total` bytes of `line` repeated, produced lazily in chunks (never held whole). */
export function repeatedLines(line: string, total: number, chunkBytes = 64 * 1024): Readable {
  const perChunk = Math.max(1, Math.floor(chunkBytes / Buffer.byteLength(line)));
  const chunk = Buffer.from(line.repeat(perChunk));
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const part = sent + chunk.length > total ? chunk.subarray(0, total - sent) : chunk;
      sent += part.length;
      this.push(part);
    },
  });
}
