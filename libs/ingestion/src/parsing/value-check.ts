/**
 * Checks on parsed JSON values that JSON.parse does not make: strings that PostgreSQL cannot store
 * or that would be silently altered on the way (NUL, lone surrogates), numbers that JSON.parse has
 * already rounded (integers beyond 2^53, decimals with more digits than a double holds), and
 * nesting deep enough to overflow a recursive reader downstream (JSON.stringify, validators).
 */

/** Deepest nesting accepted in a row or a request body (a row is at depth 0). */
export const MAX_JSON_DEPTH = 32;

export interface ValueProblem {
  /** Dotted path as the row validator writes it (`payload.amount`, `tags.0`); '' for the value itself. */
  path: string;
  /** The same path as keys and indexes. */
  keys: (string | number)[];
  message: string;
}

export interface ValueCheckOptions {
  /** Look at every string and field name. */
  strings: boolean;
  /**
   * Refuse integers beyond 2^53 and infinities (request bodies outside ingestion, which have no
   * decimal-string fields to keep them in) instead of flagging them `inexact`.
   */
  refuseUnsafeIntegers?: boolean;
}

export type ValueCheck =
  | { problem: ValueProblem; inexact?: undefined; numbers?: undefined }
  | { problem?: undefined; inexact: boolean; numbers: boolean };

const NO_NUMBERS: ValueCheck = { inexact: false, numbers: false };
const SAFE_NUMBERS: ValueCheck = { inexact: false, numbers: true };
const INEXACT: ValueCheck = { inexact: true, numbers: true };

/**
 * Sixteen digits or more in a row (a point may sit among them): a number token rounded by JSON.parse
 * to a safe integer (`2024.0000000000000001` → 2024) has at least that many significant digits.
 */
const LONG_DIGIT_RUN = /[0-9][0-9.]{15}/;

/**
 * Whether `text`, whose parsed value was checked, must be read again with `exactNumbers`: some
 * number is not a safe integer, or some number may be one only after rounding.
 */
export function needsExactRead(check: ValueCheck, text: string): boolean {
  return check.inexact === true || (check.numbers === true && LONG_DIGIT_RUN.test(text));
}

/**
 * Walks `value` once. `strings`: also look at every string and field name (callers skip it when the
 * raw text has no `\u` escape, since a raw NUL is already invalid JSON and a lone surrogate cannot
 * be valid UTF-8). `inexact` is true when some number is not a safe integer, `numbers` when there is
 * any number: see `needsExactRead`.
 */
export function checkValue(value: unknown, strings: boolean | ValueCheckOptions): ValueCheck {
  // One small object per row, of one shape (this runs for every row of a bulk load).
  const state: WalkState = {
    strings: typeof strings === 'boolean' ? strings : strings.strings,
    refuseUnsafeIntegers: typeof strings === 'boolean' ? false : (strings.refuseUnsafeIntegers ?? false),
    inexact: false,
    numbers: false,
    path: [],
  };
  const message = walk(value, state, 0);
  if (message !== undefined) {
    return { problem: { path: printable(state.path.join('.')), keys: state.path, message } };
  }
  return state.inexact ? INEXACT : state.numbers ? SAFE_NUMBERS : NO_NUMBERS;
}

interface WalkState extends ValueCheckOptions {
  inexact: boolean;
  numbers: boolean;
  path: (string | number)[];
}

function walk(value: unknown, state: WalkState, depth: number): string | undefined {
  if (typeof value === 'string') return state.strings ? stringProblem(value) : undefined;
  if (typeof value === 'number') {
    state.numbers = true;
    if (!Number.isSafeInteger(value)) {
      if (state.refuseUnsafeIntegers && (Number.isInteger(value) || !Number.isFinite(value))) {
        return 'is beyond the safe integer range (±9007199254740991)';
      }
      state.inexact = true;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const message = walk(value[i], state, depth + 1);
      if (message !== undefined) {
        state.path.unshift(i);
        return message;
      }
    }
    return undefined;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (state.strings) {
      const keyProblem = stringProblem(key);
      if (keyProblem !== undefined) {
        state.path.unshift(key);
        return `field name ${keyProblem}`;
      }
    }
    const message = walk(object[key], state, depth + 1);
    if (message !== undefined) {
      state.path.unshift(key);
      return message;
    }
  }
  return undefined;
}

/** Why PostgreSQL could not store `text` as sent, or undefined. */
export function stringProblem(text: string): string | undefined {
  if (text.indexOf('\u0000') !== -1) return 'must not contain NUL (U+0000)';
  const lone = loneSurrogate(text);
  if (lone !== -1) {
    return `must not contain a lone surrogate (U+${lone.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  return undefined;
}

/** The first unpaired surrogate code unit of `text`, or -1. */
function loneSurrogate(text: string): number {
  if ((text as unknown as { isWellFormed(): boolean }).isWellFormed()) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return c;
    } else if (c >= 0xdc00 && c <= 0xdfff) return c;
  }
  return -1;
}

// Controls other than tab, line feed and carriage return; lone surrogates (no `u` flag: code units).
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- these control characters are what it finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with control characters and lone surrogates written as `\uXXXX`: for messages and paths
 * that quote input (a JSON.parse message quotes the line), which are shown and stored in
 * PostgreSQL, where a NUL is refused and a lone surrogate would become U+FFFD.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Valid JSON `text` with every number that a double may not hold exactly turned into a string holding
 * its exact text (`1234567890123456789.12` → `"1234567890123456789.12"`), so JSON.parse keeps it as
 * sent: a decimal column then takes it exactly or the validator rejects it naming the field, and
 * nothing is rounded on the way. A number stays a number when it is a safe integer written as a plain
 * integer or with at most 15 significant digits (`2024`, `2.5e3`, `9007199254740991`); anything else
 * (`1.5`, `1e400`, `2024.0000000000000001`) becomes its text. Called only for the rare text that
 * `needsExactRead` picks.
 */
export function exactNumbers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote (a backslash escapes the next character).
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (!isExactNumber(token)) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = j;
      }
      i = j;
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isExactNumber(token: string): boolean {
  if (!Number.isSafeInteger(Number(token))) return false;
  if (/^-?\d+$/.test(token)) return true;
  const mantissa = token.split(/[eE]/, 1)[0];
  return mantissa.replace(/[^0-9]/g, '').replace(/^0+/, '').length <= 15;
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
