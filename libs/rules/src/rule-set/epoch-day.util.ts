/**
 * Date facts reach rules as whole days since 1970-01-01: json-rules-engine's numeric operators
 * parse strings with parseFloat, so '2026-03-01' > '2025-12-31' would compare 2026 with 2025.
 */
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, or undefined when it is not a calendar date. */
export function epochDayOf(date: string): number | undefined {
  const match = LOCAL_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March: a round trip catches it (and years before 100).
  if (new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / DAY_MS;
}
