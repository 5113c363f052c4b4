import { DomainError, ErrorCode } from '@app/domain';

/** A version label, as the rule-set schema allows it (unique within a kind). */
export const VERSION_LABEL = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

/** Refuses a label the schema would refuse, naming the field. */
export function assertLabel(label: unknown, path: string): string {
  if (typeof label !== 'string' || !VERSION_LABEL.test(label)) {
    throw new DomainError(ErrorCode.ValidationFailed, `invalid version label at ${path}`, [
      { path, message: 'must be 1-40 letters, digits, ".", "_" or "-", starting with a letter or digit' },
    ]);
  }
  return label;
}

/** `prefix` + the next number after every label already taken with that prefix (`2026.` → `2026.3`). */
export function nextLabel(prefix: string, taken: readonly string[]): string {
  let max = 0;
  for (const label of taken) {
    if (!label.startsWith(prefix)) continue;
    const rest = label.slice(prefix.length);
    if (/^\d{1,9}$/.test(rest)) max = Math.max(max, Number(rest));
  }
  return `${prefix}${max + 1}`;
}
