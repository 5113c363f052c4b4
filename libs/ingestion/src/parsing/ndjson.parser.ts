import { isUtf8 } from 'node:buffer';
import { byteChunks, type ByteSource } from './byte-source';
import { mergeExactNumbers } from '../rows/field-kinds';
import type { ParsedRow } from './parsed-row';
import { checkValue, exactNumbers, needsExactRead, printable } from './value-check';

export interface NdjsonParseOptions {
  /** Longest accepted line in bytes, its `\n` or `\r\n` terminator excluded. Default 1 MiB. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
/** `\u`: only a line holding an escape can hold a NUL or a lone surrogate in a string. */
const ESCAPE = Buffer.from('\\u');

/**
 * Parses newline-delimited JSON: one JSON object per line, `\n` or `\r\n` separated, UTF-8.
 *
 * Lines are cut on the byte `\n` before decoding (it never occurs inside a multi-byte UTF-8 sequence), so a
 * character split across chunks is reassembled, and each line is decoded strictly on its own: a line with
 * invalid UTF-8 becomes an error row instead of a value with U+FFFD in it. A line longer than `maxLineBytes`
 * becomes an error row and its bytes are dropped as they arrive, so memory stays bounded by the limit plus
 * one chunk. Blank lines (only spaces, tabs or CR) produce nothing but still count for `row`.
 */
export async function* parseNdjson(
  input: ByteSource,
  options: NdjsonParseOptions = {},
): AsyncGenerator<ParsedRow> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  const tooLong = `line longer than ${maxLineBytes} bytes`;
  const lineParser = new NdjsonLineParser(maxLineBytes, tooLong);
  let line = 0;
  // The current line's bytes from earlier chunks (copied, so a big chunk is not kept alive for a short tail).
  let parts: Buffer[] = [];
  let partBytes = 0;
  // Set once the current line is known to be too long: its remaining bytes are discarded.
  let discarding = false;

  for await (const chunk of byteChunks(input)) {
    let start = 0;
    let newline = chunk.indexOf(LF);
    // The lines that begin and end in this chunk are checked for valid UTF-8 all at once (a fast
    // scan) and then decoded without a per-line check; if the check fails, each line is decoded
    // strictly on its own, so the broken ones are still told apart.
    const whole = newline === -1 ? -1 : parts.length > 0 || discarding ? newline + 1 : 0;
    const lastNewline = chunk.lastIndexOf(LF);
    const valid = whole !== -1 && whole < lastNewline && isUtf8(chunk.subarray(whole, lastNewline));
    // The next `\u` in this chunk (one forward search per chunk, not one per line).
    let escape = chunk.indexOf(ESCAPE);
    while (newline !== -1) {
      line++;
      let result: ParsedRow | undefined;
      if (discarding) {
        result = { row: line, error: tooLong };
        discarding = false;
      } else if (parts.length === 0) {
        if (escape !== -1 && escape < start) escape = chunk.indexOf(ESCAPE, start);
        const escapes = escape !== -1 && escape < newline;
        result = lineParser.parse(chunk, start, newline, line, valid, escapes);
      } else {
        parts.push(chunk.subarray(start, newline));
        const bytes = Buffer.concat(parts, partBytes + newline - start);
        parts = [];
        partBytes = 0;
        result = lineParser.parse(bytes, 0, bytes.length, line, false, bytes.includes(ESCAPE));
      }
      if (result !== undefined) yield result;
      start = newline + 1;
      newline = chunk.indexOf(LF, start);
    }
    if (start < chunk.length && !discarding) {
      partBytes += chunk.length - start;
      // One byte of slack: the line may still turn out to end in `\r\n`, and the `\r` does not count.
      if (partBytes > maxLineBytes + 1) {
        discarding = true;
        parts = [];
        partBytes = 0;
      } else {
        parts.push(Buffer.from(chunk.subarray(start)));
      }
    }
  }

  // A last line without a trailing newline.
  if (discarding) {
    yield { row: line + 1, error: tooLong };
  } else if (parts.length > 0) {
    const bytes = Buffer.concat(parts, partBytes);
    const result = lineParser.parse(bytes, 0, bytes.length, line + 1, false, bytes.includes(ESCAPE));
    if (result !== undefined) yield result;
  }
}

/** Turns the bytes of one line into a row. */
class NdjsonLineParser {
  // ignoreBOM keeps a U+FEFF at the start of a line for JSON.parse to report; the one place a byte order mark
  // is allowed, the start of the file, is skipped by parse() itself.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  constructor(
    private readonly maxLineBytes: number,
    private readonly tooLong: string,
  ) {}

  /**
   * `bytes[start, end)` is line `row` without its `\n`; undefined for a blank line. `validUtf8`:
   * the bytes are known to be valid UTF-8. `escapes`: the line may hold a `\u` escape, so its
   * strings and field names are checked for NUL and lone surrogates.
   */
  parse(
    bytes: Buffer,
    start: number,
    end: number,
    row: number,
    validUtf8 = false,
    escapes = true,
  ): ParsedRow | undefined {
    if (
      row === 1 &&
      end - start >= 3 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    ) {
      start += 3;
    }
    if (end > start && bytes[end - 1] === CR) end--;
    if (isBlank(bytes, start, end)) return undefined;
    if (end - start > this.maxLineBytes) return { row, error: this.tooLong };
    let text: string;
    if (validUtf8) text = bytes.toString('utf8', start, end);
    else {
      try {
        text = this.decoder.decode(bytes.subarray(start, end));
      } catch {
        return { row, error: 'invalid UTF-8' };
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // The message quotes the line, which may hold control characters.
      return { row, error: `invalid JSON: ${printable((error as Error).message)}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { row, error: 'must be a JSON object' };
    }
    const check = checkValue(value, escapes);
    if (check.problem) return { row, path: check.problem.path, error: check.problem.message };
    if (needsExactRead(check, text)) value = mergeExactNumbers(value, JSON.parse(exactNumbers(text)));
    return { row, value: value as Record<string, unknown> };
  }
}

/** True when the bytes are only JSON whitespace; a data line returns at its first byte (`{`). */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== SPACE && b !== TAB && b !== CR) return false;
  }
  return true;
}
