import { isRecord } from './json-guards.util';

/**
 * Paths into a rule set as people read them: `rules[3].conditions.all[1].fact`, and
 * `facts.x.count.where["payload.removedOn"]` for keys that are not identifiers.
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Segments of a JSON Pointer (as ajv reports instance paths), walking the document so that an
 * array index becomes a number and an object key that looks like one (a fact named "1") does not.
 */
export function pointerSegments(pointer: string, document: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(?:0|[1-9][0-9]*)$/.test(key)) {
      segments.push(Number(key));
      node = node[Number(key)];
    } else {
      segments.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return segments;
}

/** Where the semantic checks send each problem they find; the validator names the rule and formats the path. */
export type Report = (at: readonly PathSegment[], message: string) => void;
