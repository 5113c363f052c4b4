// Completion from the rule-set JSON Schema (rules/schema/rule-set.schema.json): what may be
// written at a path of the document. Pure; the editor asks it with jsonc-parser's location.

export interface JsonSchema {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  then?: JsonSchema;
  else?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  required?: string[];
}

export interface Suggestion {
  label: string;
  detail?: string;
  /** 'property' for a key, 'value' for an enum or const value (JSON-encoded in label). */
  kind: 'property' | 'value';
}

function deref(root: JsonSchema, schema: JsonSchema, depth = 0): JsonSchema {
  if (!schema.$ref || depth > 20) return schema;
  const match = /^#\/definitions\/(.+)$/.exec(schema.$ref);
  const target = match ? root.definitions?.[match[1]] : undefined;
  return target ? deref(root, target, depth + 1) : schema;
}

/** The schema and every branch of it (anyOf, oneOf, allOf, if/then/else), references followed. */
function branches(root: JsonSchema, schema: JsonSchema, depth = 0): JsonSchema[] {
  const s = deref(root, schema);
  if (depth > 8) return [s];
  const nested = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  if (s.then) nested.push(s.then);
  if (s.else) nested.push(s.else);
  return [s, ...nested.flatMap((b) => branches(root, b, depth + 1))];
}

/** The schemas that may hold at `path` (object keys and array indexes). */
export function schemasAt(root: JsonSchema, path: (string | number)[]): JsonSchema[] {
  let current = branches(root, root);
  for (const segment of path) {
    const next: JsonSchema[] = [];
    for (const s of current) {
      if (typeof segment === 'number') {
        if (Array.isArray(s.items)) {
          if (s.items[segment]) next.push(s.items[segment]);
        } else if (s.items) next.push(s.items);
      } else if (s.properties?.[segment]) next.push(s.properties[segment]);
      else if (typeof s.additionalProperties === 'object') next.push(s.additionalProperties);
    }
    current = next.flatMap((s) => branches(root, s));
    if (current.length === 0) return [];
  }
  return current;
}

/** Keys that may be added to the object at `path`, those present left out. */
export function propertySuggestions(
  root: JsonSchema,
  path: (string | number)[],
  present: string[] = [],
): Suggestion[] {
  const seen = new Map<string, Suggestion>();
  for (const s of schemasAt(root, path)) {
    for (const [key, value] of Object.entries(s.properties ?? {})) {
      if (present.includes(key) || seen.has(key)) continue;
      const v = deref(root, value);
      const required = s.required?.includes(key) ? ' (required)' : '';
      seen.set(key, {
        label: key,
        detail: `${v.title ?? v.description ?? ''}${required}`.trim(),
        kind: 'property',
      });
    }
  }
  return [...seen.values()];
}

/** The enumerated values allowed at `path` (JSON-encoded), e.g. the kinds or the operators. */
export function valueSuggestions(root: JsonSchema, path: (string | number)[]): Suggestion[] {
  const values = new Set<string>();
  for (const s of schemasAt(root, path)) {
    for (const v of s.enum ?? []) values.add(JSON.stringify(v));
    if (s.const !== undefined) values.add(JSON.stringify(s.const));
  }
  return [...values].map((label) => ({ label, kind: 'value' as const }));
}

/**
 * A problem's path as the api writes it (`rules[2].conditions.all[0].fact`, `/rules/2/name` or
 * `outcome.bands`) as segments, for finding its place in the text.
 */
export function pathSegments(path: string): (string | number)[] {
  const trimmed = path.trim();
  if (trimmed === '' || trimmed === '/' || trimmed === '$') return [];
  if (trimmed.startsWith('/')) {
    return trimmed
      .slice(1)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  }
  const segments: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(trimmed.replace(/^\$\.?/, ''))) !== null) {
    segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return segments;
}
