/**
 * What the streaming parsers read: a Node `Readable` (it is an async iterable of its chunks) or any async
 * iterable of byte or text chunks.
 */
export type ByteSource = AsyncIterable<Buffer | Uint8Array | string>;

/**
 * The chunks of `source` as Buffers. Byte chunks pass through without a copy. Text chunks are encoded as UTF-8;
 * one that ends in the first half of a surrogate pair keeps that half for the next chunk, because encoding it
 * alone would silently turn a valid character into U+FFFD.
 */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Buffer> {
  let highSurrogate = '';
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      let text = highSurrogate === '' ? chunk : highSurrogate + chunk;
      highSurrogate = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        highSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      if (text !== '') yield Buffer.from(text, 'utf8');
      continue;
    }
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('input chunks must be Buffers, Uint8Arrays or strings');
    }
    if (highSurrogate !== '') {
      yield Buffer.from(highSurrogate, 'utf8');
      highSurrogate = '';
    }
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  // A text source that ends in half a surrogate pair: it encodes as U+FFFD, as Buffer.from does anywhere else.
  if (highSurrogate !== '') yield Buffer.from(highSurrogate, 'utf8');
}
