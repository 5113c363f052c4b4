/**
 * The JSONPath subset the compiler resolves itself: `$`, `$.name`, `$[0]` and chains of them
 * (`$.a.b[0].c`). json-rules-engine resolves a condition `path` with jsonpath-plus
 * (`JSONPath({ path, json, wrap: false })`), which for these forms tokenises the path into the
 * property names / index digits and follows each one only where it is the current value's *own*
 * property (`val && Object.hasOwn(val, name)`): an array's `length` and a string's indices count,
 * inherited properties do not, a falsy value (0, '', false, null) has none. A miss yields no match,
 * and with wrap: false no match is `undefined`; a single match is its value as it is.
 *
 * Anything else (wildcards, recursive descent, filters, quoted names, slices, unions, paths without
 * the leading `$`) is not parsed here: the compiler reports it as unsupported.
 */

/** Property names and index digits in order, kept as the strings jsonpath-plus looks up ('01' stays '01'). */
export type FactPath = readonly string[];

const SIMPLE_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*$/;
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]/g;

export function parseFactPath(path: string): FactPath | undefined {
  if (!SIMPLE_PATH.test(path)) return undefined;
  const segments: string[] = [];
  for (const match of path.matchAll(SEGMENT)) segments.push(match[1] ?? match[2]);
  return segments;
}

/** What jsonpath-plus returns for a parsed path applied to an object fact value. */
export function resolveFactPath(root: unknown, path: FactPath): unknown {
  let current = root;
  for (const segment of path) {
    if (!current || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
