import { DomainError, ErrorCode } from '@app/domain';

/** The deepest nesting of arrays and objects a JSON request body may have (HTTP_JSON_MAX_DEPTH). */
export const DEFAULT_JSON_MAX_DEPTH = 64;

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where a JSON text first nests deeper than `maxDepth` (`[]` is depth 1, `{"a":[]}` depth 2), or -1.
 * Scans the text without parsing it, so it runs before JSON.parse builds anything and never recurses;
 * a text that is not JSON is left for the parser to refuse. Works on strings and UTF-8 bytes alike
 * (every structural character is ASCII; no byte of a multi-byte character is).
 */
export function jsonDepthExceededAt(text: string | Uint8Array, maxDepth: number): number {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return i;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return -1;
}

/** Refuses (400, ValidationFailed) a JSON text nested deeper than `maxDepth`. */
export function assertJsonTextDepth(
  text: string | Uint8Array,
  maxDepth = DEFAULT_JSON_MAX_DEPTH,
  path = 'body',
): void {
  const at = jsonDepthExceededAt(text, maxDepth);
  if (at >= 0) throw tooDeep(maxDepth, path, `nested deeper than ${maxDepth} levels at offset ${at}`);
}

/**
 * Refuses (400, ValidationFailed) a parsed JSON value nested deeper than `maxDepth`; for values
 * that arrive parsed (a streaming parser's rows). Iterative: a hostile depth cannot overflow the stack.
 */
export function assertJsonDepth(value: unknown, maxDepth = DEFAULT_JSON_MAX_DEPTH, path = 'body'): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > maxDepth)
      throw tooDeep(maxDepth, path, `nested deeper than ${maxDepth} levels at ${item.path}`);
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => stack.push({ value: v, depth, path: `${item.path}[${i}]` }));
    } else {
      for (const [k, v] of Object.entries(item.value))
        stack.push({ value: v, depth, path: `${item.path}.${k}` });
    }
  }
}

function tooDeep(maxDepth: number, path: string, message: string): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, `JSON nested deeper than ${maxDepth} levels`, [
    { path, message },
  ]);
}
