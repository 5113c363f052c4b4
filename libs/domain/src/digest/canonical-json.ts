import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so equal content always gives equal bytes (digests
 * of facts, records, rule sets and audit entries depend on it). Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  // The one-shot hash: about twice as fast as createHash for the short texts digested per enterprise.
  return hash('sha256', text, 'hex');
}
